namespace EntryExit.DemoData;

/// <summary>
/// SplitMix64: a tiny generator whose sequence for a seed is fixed by this file alone, so a seed gives the same
/// population on every runtime and machine (System.Random makes no such promise across versions).
/// </summary>
public sealed class DeterministicRandom(long seed)
{
    private ulong _state = unchecked((ulong)seed);

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>An integer in [<paramref name="minInclusive"/>, <paramref name="maxExclusive"/>).</summary>
    public int Next(int minInclusive, int maxExclusive)
    {
        if (maxExclusive <= minInclusive)
        {
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), "The range is empty.");
        }

        var range = (ulong)((long)maxExclusive - minInclusive);
        return (int)(minInclusive + (long)(NextUInt64() % range));
    }

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => NextDouble() < p;

    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(0, items.Count)];

    public DateOnly NextDate(DateOnly fromInclusive, DateOnly toInclusive) =>
        fromInclusive.AddDays(Next(0, toInclusive.DayNumber - fromInclusive.DayNumber + 1));

    /// <summary>A time of day in [<paramref name="from"/>, <paramref name="to"/>), to the second.</summary>
    public TimeOnly NextTime(TimeOnly from, TimeOnly to) =>
        from.Add(TimeSpan.FromSeconds(Next(0, (int)(to - from).TotalSeconds)));
}
