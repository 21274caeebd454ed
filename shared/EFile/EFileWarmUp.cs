using EntryExit.Core.Identity;
using EntryExit.Core.Records;
using EntryExit.Core.Reports;
using EntryExit.Core.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EntryExit.EFile;

/// <summary>
/// Draws two throwaway e-files (unsigned, never stored) in the background as the host starts, so that the first
/// citizen after a cold start does not wait for the fonts to be extracted and unpacked (the main font from its
/// collection, the fallback font from Brotli) or for the layout and PDF writer to be compiled. The host does not wait
/// for it: a request that comes first shares the fonts' one-time loading instead of repeating it.
/// </summary>
public sealed partial class EFileWarmUp(ILogger<EFileWarmUp> logger) : BackgroundService
{
    /// <summary>A checksum-valid sample number (born 1949-12-31); it is drawn into memory only.</summary>
    private const string SampleIdNumber = "11010519491231002X";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(async () =>
    {
        try
        {
            var started = TimeProvider.System.GetTimestamp();
            var renderer = new EFileRenderer(new SystemSecureRandom());

            // The main font first; then a name with 𠮷 (U+20BB7), which only the fallback font draws.
            await renderer.RenderRecordsAsync(Sample("样例"), cancellationToken: stoppingToken);
            await renderer.RenderRecordsAsync(Sample("吴𠮷祥"), cancellationToken: stoppingToken);
            LogWarmedUp(logger, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Only speed is at stake: the first real e-file loads what it needs itself.
            LogWarmUpFailed(logger, e);
        }
    }, stoppingToken);

    private static RecordsEFileContent Sample(string name)
    {
        var today = new DateOnly(2026, 1, 1);
        if (!PersonName.TryParse(name, out var personName) || !ResidentIdNumber.TryParse(SampleIdNumber, today, out var idNumber))
        {
            throw new InvalidOperationException("The warm-up sample is not valid.");
        }

        var at = new DateTimeOffset(2025, 12, 1, 9, 30, 0, TimeSpan.FromHours(8));
        return new RecordsEFileContent(
            new EFileIssue(ReportNumber.Create(today, 0), today, at, "0000-0000-00", new Uri("http://127.0.0.1/")),
            new EFileHolder(personName, Sex.Female, idNumber.BirthDate, idNumber),
            today.AddYears(-1),
            today,
            [new Crossing(Direction.Exit, at, DocumentKind.HkMacauPermit, "C00000000", "福田", ""), new Crossing(Direction.Entry, at.AddHours(8), DocumentKind.HkMacauPermit, "C00000000", "福田", "")]);
    }

    [LoggerMessage(LogLevel.Information, "E-file fonts and layout warmed up in {Milliseconds} ms")]
    private static partial void LogWarmedUp(ILogger logger, double milliseconds);

    [LoggerMessage(LogLevel.Warning, "E-file warm-up failed; the first e-file will load what it needs")]
    private static partial void LogWarmUpFailed(ILogger logger, Exception exception);
}
