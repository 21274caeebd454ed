using EntryExit.Core.Telemetry;
using Microsoft.Extensions.Options;

namespace EntryExit.Core.Reports;

/// <summary>The outcome of trying to claim a report for a stage.</summary>
public abstract record Claim
{
    private Claim()
    {
    }

    /// <summary>This worker holds the report in the working state; do the work.</summary>
    public sealed record Held(Report Report) : Claim;

    /// <summary>Another worker holds a fresh claim; come back after <paramref name="RetryAfter"/>.</summary>
    public sealed record Busy(TimeSpan RetryAfter) : Claim;

    /// <summary>Nothing for this stage to do: the report is past it, failed, expired or unknown.</summary>
    public sealed record Nothing(Report? Report) : Claim;
}

/// <summary>
/// The one place where stages move a report into and out of their working state. Every move is a compare-and-swap
/// on the report's version, so a message delivered twice or a stage restarted after a crash does only what is left.
/// </summary>
public sealed class ReportClaims(IReportStore reports, TimeProvider clock, IOptions<ReportsOptions> options, EntryExitMetrics metrics)
{
    private TimeSpan Lease => TimeSpan.FromSeconds(options.Value.StageLeaseSeconds);

    /// <summary>Moves the report from <paramref name="waiting"/> to <paramref name="working"/>, or takes over a lapsed claim.</summary>
    public async Task<Claim> ClaimAsync(ReportNumber number, ReportStatus waiting, ReportStatus working, CancellationToken cancellationToken)
    {
        while (true)
        {
            var report = await reports.FindAsync(number, cancellationToken);
            if (report is null)
            {
                return new Claim.Nothing(null);
            }

            var now = clock.GetUtcNow();
            if (report.Status == working && report.ClaimedAt + Lease > now)
            {
                return new Claim.Busy(report.ClaimedAt!.Value + Lease - now);
            }

            if (report.Status != waiting && report.Status != working)
            {
                return new Claim.Nothing(report);
            }

            if (report.Attempts >= options.Value.MaxAttempts)
            {
                // A worker died holding its last attempt: nobody is left to mark it.
                if (await reports.TryUpdateAsync(Failed(report), cancellationToken) is not null)
                {
                    CountFailed(report, waiting);
                    return new Claim.Nothing(report with { Status = ReportStatus.Failed });
                }

                continue;
            }

            var claimed = await reports.TryUpdateAsync(report with { Status = working, ClaimedAt = now, Attempts = report.Attempts + 1 }, cancellationToken);
            if (claimed is not null)
            {
                return new Claim.Held(claimed);
            }
        }
    }

    /// <summary>After a failed attempt: give the report back to <paramref name="waiting"/>, or mark it failed when attempts are used up.</summary>
    public async Task ReleaseAfterFailureAsync(Report held, ReportStatus waiting, string failureCode, CancellationToken cancellationToken)
    {
        var next = held.Attempts >= options.Value.MaxAttempts
            ? Failed(held) with { FailureCode = failureCode }
            : held with { Status = waiting, ClaimedAt = null, FailureCode = failureCode };

        // A lost race means another worker took over: its outcome stands.
        if (await reports.TryUpdateAsync(next, cancellationToken) is not null && next.Status == ReportStatus.Failed)
        {
            CountFailed(held, waiting);
        }
    }

    /// <summary>
    /// After a transient failure: give the report back to <paramref name="waiting"/> without spending the attempt,
    /// and say how long to wait before the next try. Past <see cref="ReportsOptions.MaxDeferrals"/> it counts as a failure.
    /// </summary>
    /// <returns>The delay before the stage should run again; null when the report was marked failed instead.</returns>
    public async Task<TimeSpan?> DeferAsync(Report held, ReportStatus waiting, string failureCode, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (held.Deferrals >= settings.MaxDeferrals)
        {
            await ReleaseAfterFailureAsync(held, waiting, failureCode, cancellationToken);
            return held.Attempts >= settings.MaxAttempts ? null : TimeSpan.Zero;
        }

        var backoff = TimeSpan.FromSeconds(Math.Min(settings.MaxRetryDelaySeconds, settings.RetryDelaySeconds * Math.Pow(2, Math.Min(held.Deferrals, 20))));
        var delay = retryAfter > backoff ? retryAfter.Value : backoff;
        await reports.TryUpdateAsync(
            held with { Status = waiting, ClaimedAt = null, FailureCode = failureCode, Attempts = held.Attempts - 1, Deferrals = held.Deferrals + 1 },
            cancellationToken);
        return delay;
    }

    private void CountFailed(Report report, ReportStatus waiting) =>
        metrics.ReportFailed(report.Kind, report.Language, waiting == ReportStatus.Queued ? "render" : "email");

    // A failed report is final: nothing will be sent, so the recipient and the password are forgotten now.
    private static Report Failed(Report report) => report with { Status = ReportStatus.Failed, ClaimedAt = null, ProtectedEmail = null, ProtectedPassword = null };
}
