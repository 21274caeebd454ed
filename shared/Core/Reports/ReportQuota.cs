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
    Task<DailyReportCount?> FindAsync(PersonKey personKey, CancellationToken cancellationToken);

    /// <summary>Inserts (when <see cref="DailyReportCount.Version"/> is null) or replaces at that version; false when someone wrote first.</summary>
    Task<bool> TrySaveAsync(PersonKey personKey, DailyReportCount count, CancellationToken cancellationToken);
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
    public Task<int?> TryTakeAsync(PersonKey personKey, CancellationToken cancellationToken) =>
        SwapAsync<int?>(personKey, (current, today) =>
        {
            var used = current?.Day == today ? current.Count : 0;
            return used >= options.Value.MaxReportsPerDay
                ? (null, Math.Max(1, (int)Math.Ceiling((ChinaTime.StartOf(today.AddDays(1)) - clock.GetUtcNow()).TotalSeconds)))
                : (new DailyReportCount(today, used + 1, current?.Version), null);
        }, cancellationToken);

    /// <summary>Gives back one report counted today that was not created after all (a twin request created it first).</summary>
    public Task GiveBackAsync(PersonKey personKey, CancellationToken cancellationToken) =>
        SwapAsync(personKey, (current, today) =>
            current is null || current.Day != today || current.Count == 0
                ? (null, true)
                : (current with { Count = current.Count - 1 }, true), cancellationToken);

    /// <summary>
    /// One compare-and-swap on the person's count: <paramref name="decide"/> sees the stored count and today's China
    /// date and says what to store (null: nothing) and what to answer; a write that lost a race reads again.
    /// </summary>
    private async Task<T> SwapAsync<T>(PersonKey personKey, Func<DailyReportCount?, DateOnly, (DailyReportCount? Next, T Answer)> decide, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (next, answer) = decide(await store.FindAsync(personKey, cancellationToken), ChinaTime.Today(clock));
            if (next is null || await store.TrySaveAsync(personKey, next, cancellationToken))
            {
                return answer;
            }
        }
    }
}
