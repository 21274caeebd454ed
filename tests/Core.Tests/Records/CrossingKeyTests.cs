using EntryExit.Core.Records;

namespace EntryExit.Core.Tests.Records;

public sealed class CrossingKeyTests
{
    private static Crossing At(DateTimeOffset at, Direction direction = Direction.Exit) =>
        new(direction, at, DocumentKind.HkMacauPermit, "C12345678", "罗湖", "");

    [Fact]
    public void Newer_crossings_sort_first()
    {
        var older = CrossingKey.RowKey(At(new DateTimeOffset(2023, 2, 1, 8, 15, 0, TimeSpan.FromHours(8))));
        var newer = CrossingKey.RowKey(At(new DateTimeOffset(2023, 2, 1, 18, 15, 0, TimeSpan.FromHours(8))));
        string.CompareOrdinal(newer, older).Should().BeNegative();
    }

    [Fact]
    public void The_same_instant_written_with_another_offset_has_the_same_key() =>
        CrossingKey.RowKey(At(new DateTimeOffset(2023, 2, 1, 8, 0, 0, TimeSpan.FromHours(8))))
            .Should().Be(CrossingKey.RowKey(At(new DateTimeOffset(2023, 2, 1, 0, 0, 0, TimeSpan.Zero))));

    [Fact]
    public void Crossing_at_2330_utc_counts_on_the_next_day_in_china()
    {
        var crossing = At(new DateTimeOffset(2023, 2, 1, 23, 30, 0, TimeSpan.Zero));
        var nextDay = RecordsRange.Resolve("custom", new DateOnly(2023, 2, 2), new DateOnly(2023, 2, 2), new DateOnly(2026, 1, 1)).Value!;
        var sameDay = RecordsRange.Resolve("custom", new DateOnly(2023, 2, 1), new DateOnly(2023, 2, 1), new DateOnly(2026, 1, 1)).Value!;
        InRange(crossing, nextDay).Should().BeTrue();
        InRange(crossing, sameDay).Should().BeFalse();
    }

    [Fact]
    public void Range_bounds_are_start_inclusive_and_end_exclusive()
    {
        var range = RecordsRange.Resolve("custom", new DateOnly(2023, 2, 1), new DateOnly(2023, 2, 1), new DateOnly(2026, 1, 1)).Value!;
        InRange(At(range.Start), range).Should().BeTrue();
        InRange(At(range.End.AddTicks(-1)), range).Should().BeTrue();
        InRange(At(range.End), range).Should().BeFalse();
        InRange(At(range.Start.AddTicks(-1)), range).Should().BeFalse();
    }

    private static bool InRange(Crossing crossing, RecordsRange range)
    {
        var (lower, upper) = CrossingKey.Range(range.Start, range.End);
        var key = CrossingKey.RowKey(crossing);
        return string.CompareOrdinal(key, lower) >= 0 && string.CompareOrdinal(key, upper) < 0;
    }
}
