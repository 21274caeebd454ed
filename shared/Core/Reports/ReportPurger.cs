using Microsoft.Extensions.Logging;

namespace EntryExit.Core.Reports;

/// <summary>
/// Deletes e-files past their expiry and marks their reports expired, forgetting the recipient and password (SPEC §2.5).
/// Safe to run twice at once.
/// </summary>
public sealed partial class ReportPurger(IReportStore reports, IReportFiles files, TimeProvider clock, ILogger<ReportPurger> logger)
{
    /// <returns>How many reports this run marked expired.</returns>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var purged = 0;
        await foreach (var report in reports.ListExpiredAsync(clock.GetUtcNow(), cancellationToken))
        {
            // Delete first: a crash after it leaves a report that the next run finds again and finishes.
            await files.DeleteAsync(report.Number, cancellationToken);
            if (await reports.TryUpdateAsync(report with { Status = ReportStatus.Expired, ClaimedAt = null, ProtectedEmail = null, ProtectedPassword = null }, cancellationToken) is not null)
            {
                purged++;
            }
        }

        LogPurged(logger, purged);
        return purged;
    }

    [LoggerMessage(LogLevel.Information, "Purge marked {Count} reports expired")]
    private static partial void LogPurged(ILogger logger, int count);
}
