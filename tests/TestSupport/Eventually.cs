namespace EntryExit.TestSupport;

/// <summary>Polling with a deadline, for effects that happen in the background (queues, email, timers).</summary>
public static class Eventually
{
    private static readonly object Done = new();
    private static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Calls <paramref name="condition"/> until it returns true; throws <see cref="TimeoutException"/> after
    /// <paramref name="timeout"/>. The condition is always tried once more at the deadline.
    /// </summary>
    /// <example><c>await Eventually.UntilAsync(async () => (await store.FindAsync(n, ct))?.Status == ReportStatus.Ready, TimeSpan.FromSeconds(30));</c></example>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? pollInterval = null, string? because = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(async () => await condition() ? Done : null, timeout, pollInterval, because);
    }

    /// <summary>Calls <paramref name="probe"/> until it returns non-null and returns that value; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, TimeSpan? pollInterval = null, string? because = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        var interval = pollInterval ?? DefaultPollInterval;
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var last = DateTimeOffset.UtcNow >= deadline;
            var value = await probe();
            if (value is not null)
            {
                return value;
            }

            if (last)
            {
                throw new TimeoutException($"Condition not met within {timeout.TotalSeconds:0.#} s{(because is null ? "" : ": " + because)}.");
            }

            var remaining = deadline - DateTimeOffset.UtcNow;
            await Task.Delay(remaining < interval ? (remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero) : interval);
        }
    }
}
