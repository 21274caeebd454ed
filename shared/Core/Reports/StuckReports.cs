using EntryExit.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EntryExit.Core.Reports;

/// <summary>
/// Puts reports back on their queue when nothing has moved them for <see cref="ReportsOptions.StuckAfterMinutes"/>: a
/// crash between writing a report and sending its message, or between two stages, would otherwise leave it waiting
/// for ever. A message too many is harmless: every stage claims the report first and does only what is left.
/// </summary>
public sealed partial class StuckReports(IReportStore reports, IReportQueue queue, TimeProvider clock, IOptions<ReportsOptions> options, EntryExitMetrics metrics, ILogger<StuckReports> logger)
{
    /// <returns>How many reports were put back on a queue.</returns>
    public async Task<int> RequeueAsync(CancellationToken cancellationToken)
    {
        var changedBefore = clock.GetUtcNow() - TimeSpan.FromMinutes(options.Value.StuckAfterMinutes);
        var requeued = 0;
        await foreach (var report in reports.ListStuckAsync(changedBefore, cancellationToken))
        {
            // The render stage also hands a ready, emailed report on to the email stage.
            if (report.Status is ReportStatus.Sending)
            {
                await queue.EnqueueEmailAsync(report.Number, TimeSpan.Zero, cancellationToken);
                metrics.StuckReportRequeued("email");
            }
            else
            {
                await queue.EnqueueRenderAsync(report.Number, TimeSpan.Zero, cancellationToken);
                metrics.StuckReportRequeued("render");
            }

            LogRequeued(logger, report.Number.Value, report.Status.Code());
            requeued++;
        }

        LogSwept(logger, requeued);
        return requeued;
    }

    [LoggerMessage(LogLevel.Warning, "Report {ReportNumber} was stuck {Status}; put back on its queue")]
    private static partial void LogRequeued(ILogger logger, string reportNumber, string status);

    [LoggerMessage(LogLevel.Information, "Stuck-report sweep put {Count} reports back on their queues")]
    private static partial void LogSwept(ILogger logger, int count);
}
