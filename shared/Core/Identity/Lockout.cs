using Microsoft.Extensions.Options;

namespace EntryExit.Core.Identity;

/// <summary>Recent failures of one subject (an ID number's key or a client's key) and any lock on it.</summary>
/// <param name="Version">The storage version this copy was read at; null for one not stored yet.</param>
public sealed record FailureWindow(IReadOnlyList<DateTimeOffset> Failures, DateTimeOffset? LockedUntil, string? Version);

/// <summary>Failure counters, kept in storage so they survive restarts and are shared by every instance.</summary>
public interface IFailureCounters
{
    Task<FailureWindow?> FindAsync(string subject, CancellationToken cancellationToken);

    /// <summary>Inserts (when <see cref="FailureWindow.Version"/> is null) or replaces at that version; false when someone wrote first.</summary>
    Task<bool> TrySaveAsync(string subject, FailureWindow window, CancellationToken cancellationToken);
}

public sealed class LockoutOptions
{
    public const string Section = "Lockout";

    /// <summary>Failures for one ID number within <see cref="WindowMinutes"/> that lock it (SPEC: 5).</summary>
    public int MaxFailuresPerIdNumber { get; set; } = 5;

    /// <summary>Failures from one client address within the window that lock the address.</summary>
    public int MaxFailuresPerClient { get; set; } = 20;

    public int WindowMinutes { get; set; } = 60;

    public int LockMinutes { get; set; } = 60;
}

/// <summary>
/// Counts failed verifications per subject in a sliding window and locks a subject that reaches its limit.
/// Writes are compare-and-swap, so parallel failures are all counted.
/// </summary>
public sealed class Lockout(IFailureCounters counters, TimeProvider clock, IOptions<LockoutOptions> options)
{
    /// <summary>When the lock on any of <paramref name="subjects"/> ends, if one is locked now.</summary>
    public async Task<DateTimeOffset?> LockedUntilAsync(IEnumerable<string> subjects, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var windows = await Task.WhenAll(subjects.Select(s => counters.FindAsync(s, cancellationToken)));
        return windows.Select(w => w?.LockedUntil).Where(until => until > now).Max();
    }

    public async Task RecordFailureAsync(string subject, int maxFailures, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        while (true)
        {
            var now = clock.GetUtcNow();
            var current = await counters.FindAsync(subject, cancellationToken);
            var recent = (current?.Failures ?? []).Where(at => at > now.AddMinutes(-settings.WindowMinutes)).Append(now).ToList();
            var lockedUntil = current?.LockedUntil > now ? current.LockedUntil : null;
            if (recent.Count >= maxFailures)
            {
                lockedUntil = now.AddMinutes(settings.LockMinutes);
                recent.Clear();
            }

            if (await counters.TrySaveAsync(subject, new FailureWindow(recent, lockedUntil, current?.Version), cancellationToken))
            {
                return;
            }
        }
    }
}
