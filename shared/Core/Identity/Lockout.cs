using System.ComponentModel.DataAnnotations;
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
    [Range(1, 1000)]
    public int MaxFailuresPerIdNumber { get; set; } = 5;

    /// <summary>Failures from one client address within the window that lock the address.</summary>
    [Range(1, 100_000)]
    public int MaxFailuresPerClient { get; set; } = 20;

    [Range(1, 10_080)]
    public int WindowMinutes { get; set; } = 60;

    [Range(1, 10_080)]
    public int LockMinutes { get; set; } = 60;
}

/// <summary>One counted attempt on one subject, taken before the attempt is judged.</summary>
public sealed record AttemptSlot(string Subject, int MaxFailures, DateTimeOffset At);

/// <summary>The attempts counted for one request: all of its subjects, or the lock that stopped it.</summary>
public sealed record AttemptCount(IReadOnlyList<AttemptSlot> Slots, DateTimeOffset? LockedUntil)
{
    public bool IsLocked => LockedUntil is not null;
}

/// <summary>
/// Counts failed verifications per subject in a sliding window and locks a subject that reaches its limit.
/// Writes are compare-and-swap, so parallel failures are all counted.
/// </summary>
/// <remarks>
/// Guesses are counted <b>before</b> they are judged (<see cref="BeginAsync"/>): an attempt takes a slot in the window
/// atomically, and a subject whose window is full answers "locked" without judging. A judged failure keeps its slot
/// (<see cref="FailAsync"/>, which locks at the limit); a success gives it back (<see cref="ReleaseAsync"/>). So any
/// number of parallel guesses gets at most the limit judged.
/// </remarks>
public sealed class Lockout(IFailureCounters counters, TimeProvider clock, IOptions<LockoutOptions> options)
{
    /// <summary>When the lock on any of <paramref name="subjects"/> ends, if one is locked now.</summary>
    public async Task<DateTimeOffset?> LockedUntilAsync(IEnumerable<string> subjects, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var windows = await Task.WhenAll(subjects.Select(s => counters.FindAsync(s, cancellationToken)));
        return windows.Select(w => w?.LockedUntil).Where(until => until > now).Max();
    }

    /// <summary>
    /// Counts one attempt on each subject before it is judged; when any subject is locked, or its window is full of
    /// attempts, nothing stays counted and the answer is the time to wait.
    /// </summary>
    public async Task<AttemptCount> BeginAsync(IReadOnlyList<(string Subject, int MaxFailures)> subjects, CancellationToken cancellationToken)
    {
        var taken = new List<AttemptSlot>();
        foreach (var (subject, max) in subjects)
        {
            var (slot, lockedUntil) = await TakeSlotAsync(subject, max, cancellationToken);
            if (slot is null)
            {
                await ReleaseAsync(taken, cancellationToken);
                return new AttemptCount([], lockedUntil);
            }

            taken.Add(slot);
        }

        return new AttemptCount(taken, null);
    }

    /// <summary>The attempts were judged failures: their slots stay counted, and a subject at its limit is locked.</summary>
    public async Task FailAsync(IReadOnlyList<AttemptSlot> slots, CancellationToken cancellationToken)
    {
        foreach (var slot in slots)
        {
            await UpdateAsync(slot.Subject, (current, now, settings) =>
            {
                if (current is null || current.LockedUntil > now)
                {
                    return null;
                }

                var recent = Recent(current, now, settings);
                return recent.Count >= slot.MaxFailures ? new FailureWindow([], now.AddMinutes(settings.LockMinutes), current.Version) : null;
            }, cancellationToken);
        }
    }

    /// <summary>The attempts succeeded (or were never judged): their slots are given back.</summary>
    public async Task ReleaseAsync(IReadOnlyList<AttemptSlot> slots, CancellationToken cancellationToken)
    {
        foreach (var slot in slots)
        {
            await UpdateAsync(slot.Subject, (current, _, _) =>
            {
                var index = current?.Failures.ToList().IndexOf(slot.At) ?? -1;
                return index < 0 ? null : current! with { Failures = [.. current.Failures.Where((_, i) => i != index)] };
            }, cancellationToken);
        }
    }

    /// <summary>Counts a failure that was judged without a slot (e.g. a lookup by number and code).</summary>
    public async Task RecordFailureAsync(string subject, int maxFailures, CancellationToken cancellationToken)
    {
        await UpdateAsync(subject, (current, now, settings) =>
        {
            var recent = Recent(current, now, settings).Append(now).ToList();
            var lockedUntil = current?.LockedUntil > now ? current.LockedUntil : null;
            if (recent.Count >= maxFailures)
            {
                lockedUntil = now.AddMinutes(settings.LockMinutes);
                recent.Clear();
            }

            return new FailureWindow(recent, lockedUntil, current?.Version);
        }, cancellationToken);
    }

    private async Task<(AttemptSlot? Slot, DateTimeOffset? LockedUntil)> TakeSlotAsync(string subject, int maxFailures, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        while (true)
        {
            // Milliseconds: what storage keeps, so the slot can be found again to give it back.
            var now = DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds());
            var current = await counters.FindAsync(subject, cancellationToken);
            if (current?.LockedUntil > now)
            {
                return (null, current.LockedUntil);
            }

            var recent = Recent(current, now, settings);
            if (recent.Count >= maxFailures)
            {
                // Full of attempts still being judged (or failures a crash left unjudged): wait until the oldest ages out.
                return (null, recent.Min().AddMinutes(settings.WindowMinutes));
            }

            if (await counters.TrySaveAsync(subject, new FailureWindow([.. recent, now], null, current?.Version), cancellationToken))
            {
                return (new AttemptSlot(subject, maxFailures, now), null);
            }
        }
    }

    /// <summary>Compare-and-swap until the write lands; <paramref name="change"/> returns null when there is nothing to write.</summary>
    private async Task UpdateAsync(string subject, Func<FailureWindow?, DateTimeOffset, LockoutOptions, FailureWindow?> change, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await counters.FindAsync(subject, cancellationToken);
            var next = change(current, clock.GetUtcNow(), options.Value);
            if (next is null || await counters.TrySaveAsync(subject, next, cancellationToken))
            {
                return;
            }
        }
    }

    private static List<DateTimeOffset> Recent(FailureWindow? window, DateTimeOffset now, LockoutOptions settings) =>
        [.. (window?.Failures ?? []).Where(at => at > now.AddMinutes(-settings.WindowMinutes))];
}
