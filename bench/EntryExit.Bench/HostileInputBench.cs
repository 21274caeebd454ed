using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EntryExit.Core.Reports;
using EntryExit.Core.Security;
using EntryExit.EFile;
using EntryExit.TestSupport;
using EntryExit.TestSupport.Fuzz;
using Microsoft.Extensions.DependencyInjection;

namespace EntryExit.Bench;

/// <summary>
/// Issue 11's figures: the time of a 20 MB upload built to make a naive PDF reader quadratic (each shape), and a long
/// fuzz round (every route, hostile input) with its count of server errors and contract violations.
/// </summary>
public static class HostileInputBench
{
    private const int UploadBytes = 20 * 1024 * 1024;

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchStack stack, int fuzzRequests)
    {
        var results = new List<BenchResult>();
        foreach (var (shape, prefix, unit) in new[]
        {
            ("/ByteRange( runs", "%PDF-1.7\n", "/ByteRange("),
            ("unbalanced literal strings", "%PDF-1.7\ntrailer<</Info(", "("),
            ("comment run", "%PDF-1.7\ntrailer<</Info 1 0 R/A ", "%"),
            ("numbers with comments", "%PDF-1.7\ntrailer<</A[", "1 %c\n"),
        })
        {
            var body = Encoding.Latin1.GetBytes(new StringBuilder(prefix).Insert(prefix.Length, unit, (UploadBytes - prefix.Length) / unit.Length).ToString());
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/verifications/document") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            var watch = Stopwatch.StartNew();
            using var response = await stack.Http.SendAsync(request);
            watch.Stop();
            var status = (int)response.StatusCode;
            // Printed as it comes: on a loaded machine each upload can take long, and a stopped run still tells what it measured.
            Console.WriteLine($"20 MB adversarial upload, {shape}: {status} in {watch.Elapsed.TotalMilliseconds:F0} ms");
            results.Add(new BenchResult($"20 MB adversarial upload: {shape} ({status})", watch.Elapsed.TotalMilliseconds, "ms", "<= 5000 ms, < 500",
                watch.Elapsed.TotalMilliseconds <= 5000 && status < 500));
        }

        if (fuzzRequests == 0)
        {
            return results;
        }

        var seed = Environment.TickCount;
        Console.WriteLine($"fuzz round: seed {seed}, {fuzzRequests:N0} requests");
        // Streamed: each request is drawn just before it is sent and dropped with its answer, so the round's memory
        // does not grow with its length (the bench process holds the development host too).
        var report = await FuzzRound.RunAsync(stack.Http, new HostileRequests(seed, await TargetAsync(stack)), fuzzRequests, parallelism: 4);
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"fuzz round: {report.Summary}; resident {process.WorkingSet64 / 1048576.0:F0} MB, peak {process.PeakWorkingSet64 / 1048576.0:F0} MB");
        Console.WriteLine(report.SlowestClasses(8));
        foreach (var violation in report.Violations.Take(10))
        {
            Console.WriteLine("  " + violation);
        }

        results.Add(new BenchResult($"fuzz: {report.Requests:N0} hostile requests, server errors", report.ServerErrors, "", "0", report.ServerErrors == 0));
        results.Add(new BenchResult("fuzz: contract violations (no code, leaks)", report.ViolationCount, "", "0", report.ViolationCount == 0));
        results.Add(new BenchResult("fuzz: requests per second", report.Requests / report.Elapsed.TotalSeconds, "/s", "-", true));
        results.Add(new BenchResult("fuzz: peak resident memory of bench + host", process.PeakWorkingSet64 / 1048576.0, "MB", "-", true));
        return results;
    }

    /// <summary>A person of the fuzzer's own, signed in; the bench's token key; a genuine e-file to cut up.</summary>
    private static async Task<FuzzTarget> TargetAsync(BenchStack stack)
    {
        const string name = "司马懿", idNumber = "11010519491231002X";
        var person = JsonSerializer.Serialize(new { type = "person", idNumber, name, sex = "F", birthDate = "1949-12-31", residency = "mainland" });
        var photo = JsonSerializer.Serialize(new { type = "photo", idNumber, contentType = "image/png", data = Convert.ToBase64String(DemoData.SyntheticFaces.Png(idNumber)) });
        await stack.ImportAsync(Encoding.UTF8.GetBytes(person + "\n" + photo + "\n"));
        var token = await stack.SignInAsync(name, idNumber);
        var signing = stack.Host.Services.GetRequiredService<IEFileSigningKeyProvider>();
        var sample = (await new EFileRenderer(new SystemSecureRandom()).RenderRecordsAsync(CommuterEFile.Content(20, Language.Zh), await signing.GetSigningKeyAsync(CancellationToken.None))).Pdf;
        return new FuzzTarget(token, DevHostApi.TokenSigningKey, DevHostApi.TokenKeyId, DevHostApi.FunctionKey, sample);
    }
}
