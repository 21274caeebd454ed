using System.Diagnostics;
using EntryExit.Core.Reports;
using EntryExit.Core.Security;
using EntryExit.EFile;
using EntryExit.EFile.Signing;
using EntryExit.TestSupport;

namespace EntryExit.Bench;

/// <summary>
/// Issue 5's figures: render time and size of the records e-file, signed, and signed + encrypted (in-process, warm);
/// issue 14's: the same for the bilingual (zh-en) e-file beside the Chinese one.
/// </summary>
public static class EFileBench
{
    public static async Task<IReadOnlyList<BenchResult>> RunAsync(int iterations)
    {
        using var issuer = X509SigningKey.FromPkcs12(DevelopmentIssuer.Create(TimeProvider.System).Pkcs12);
        var renderer = new EFileRenderer(new SystemSecureRandom());
        var results = new List<BenchResult>();
        foreach (var (rows, language) in new[] { (1, Language.Zh), (500, Language.Zh), (CommuterEFile.TenYearsOfRows, Language.Zh), (1, Language.ZhEn), (CommuterEFile.TenYearsOfRows, Language.ZhEn) })
        {
            var content = CommuterEFile.Content(rows, language);
            var name = language == Language.Zh ? $"e-file {rows} rows" : $"e-file {rows} rows {language.Code()}";
            foreach (var (label, protection) in new[] { ("signed", EFileProtection.None), ("signed + AES-256", EFileProtection.WithPassword("Secret2026")) })
            {
                var times = new List<double>();
                var size = 0;
                for (var i = 0; i < iterations + 3; i++)
                {
                    var watch = Stopwatch.StartNew();
                    var file = await renderer.RenderRecordsAsync(content, issuer, protection);
                    watch.Stop();
                    size = file.Pdf.Length;
                    if (i >= 3)
                    {
                        times.Add(watch.Elapsed.TotalMilliseconds);
                    }
                }

                var median = BenchResult.Median(times);
                var (timeTarget, sizeTarget) = (rows, label, language) switch
                {
                    (1, "signed", Language.Zh) => (25.0, double.MaxValue),
                    (7300, "signed + AES-256", Language.Zh) => (300.0, 700.0),
                    (7300, "signed + AES-256", Language.ZhEn) => (200.0, 500.0),
                    _ => (double.MaxValue, double.MaxValue),
                };
                results.Add(new BenchResult($"{name}, {label} (median)", median, "ms",
                    timeTarget < double.MaxValue ? $"<= {timeTarget:0} ms" : "-", median <= timeTarget));
                results.Add(new BenchResult($"{name}, {label}, size", size / 1024.0, "KiB",
                    sizeTarget < double.MaxValue ? $"<= {sizeTarget:0} KB" : "-", size / 1000.0 <= sizeTarget));
            }
        }

        return results;
    }
}
