using System.Collections.Concurrent;
using Azure.Core;
using Microsoft.Extensions.Time.Testing;

namespace EntryExit.Email.Tests;

/// <summary>
/// A fake clock whose timers fire at once: every <c>Task.Delay(d, provider)</c> moves the clock on by <c>d</c> and
/// completes, so code that waits (polling) runs instantly and the test can read what it waited for.
/// </summary>
public sealed class AutoAdvancingTimeProvider : FakeTimeProvider
{
    public AutoAdvancingTimeProvider()
        : base(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero))
    {
    }

    public ConcurrentQueue<TimeSpan> Waits { get; } = new();

    public TimeSpan Elapsed => GetUtcNow() - Start;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            Waits.Enqueue(dueTime);
            Advance(dueTime);
        }

        return timer;
    }
}

