using EntryExit.Core.Identity;
using EntryExit.Core.Time;
using Microsoft.Extensions.Options;

namespace EntryExit.Core.Reports;

/// <summary>How many reports one person requested on one China day.</summary>
/// <param name="Version">The storage version this copy was read at; null for one not stored yet.</param>
public sealed record DailyReportCount(DateOnly Day, int Count, string? Version);

/// <summary>Per-person report counts, kept in storage so every instance sees the same count.</summary>
public interface IReportQuotaStore
{
    Task<DailyReportCount?> FindAsync(PersonKey person, CancellationToken cancellationToken);

    /// <summary>Inserts (when <see cref="DailyReportCount.Version"/> is null) or replaces at that version; false when someone wrote first.</summary>
    Task<bool> TrySaveAsync(PersonKey person, DailyReportCount count, CancellationToken cancellationToken);
}

/// <summary>
/// SPEC §2.5: at most <see cref="ReportsOptions.MaxReportsPerDay"/> reports per person per China day, since every emailed
/// e-file leaves from the administration's own sender. Counted with compare-and-swap, as the lockout, so parallel
/// requests cannot slip past the limit together.
/// </summary>
public sealed class ReportQuota(IReportQuotaStore store, TimeProvider clock, IOptions<ReportsOptions> options)
{
    /// <summary>Counts one report for the person today.</summary>
    /// <returns>Null when counted; otherwise the seconds until the quota resets at China midnight.</returns>
    public async Task<int?> TryTakeAsync(PersonKey person, CancellationToken cancellationToken)
    {
        while (true)
        {
            var today = ChinaTime.Today(clock);
            var current = await store.FindAsync(person, cancellationToken);
            var used = current?.Day == today ? current.Count : 0;
            if (used >= options.Value.MaxReportsPerDay)
            {
                var untilMidnight = ChinaTime.StartOf(today.AddDays(1)) - clock.GetUtcNow();
                return Math.Max(1, (int)Math.Ceiling(untilMidnight.TotalSeconds));
            }

            if (await store.TrySaveAsync(person, new DailyReportCount(today, used + 1, current?.Version), cancellationToken))
            {
                return null;
            }
        }
    }

    /// <summary>Gives back one report counted today that was not created after all (a twin request created it first).</summary>
    public async Task GiveBackAsync(PersonKey person, CancellationToken cancellationToken)
    {
        while (true)
        {
            var today = ChinaTime.Today(clock);
            var current = await store.FindAsync(person, cancellationToken);
            if (current is null || current.Day != today || current.Count == 0)
            {
                return;
            }

            if (await store.TrySaveAsync(person, current with { Count = current.Count - 1 }, cancellationToken))
            {
                return;
            }
        }
    }
}
