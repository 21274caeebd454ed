using EntryExit.Core.Records;

namespace EntryExit.Core.Tests.Records;

public sealed class RecordsRangeTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    [Theory]
    [InlineData("3m", "2026-08-25")]
    [InlineData("1y", "2025-11-25")]
    [InlineData("5y", "2021-11-25")]
    [InlineData("10y", "2016-11-25")]
    public void Presets_end_today(string code, string from)
    {
        var range = RecordsRange.Resolve(code, null, null, Today);
        range.IsSuccess.Should().BeTrue();
        range.Value!.From.Should().Be(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture));
        range.Value.To.Should().Be(Today);
    }

    [Fact]
    public void A_leap_day_rolls_back_to_the_28th_of_february()
    {
        var range = RecordsRange.Resolve("1y", null, null, new DateOnly(2024, 2, 29));
        range.Value!.From.Should().Be(new DateOnly(2023, 2, 28));
    }

    [Fact]
    public void Three_months_before_the_31st_of_may_is_the_28th_of_february() =>
        RecordsRange.Resolve("3m", null, null, new DateOnly(2025, 5, 31)).Value!.From.Should().Be(new DateOnly(2025, 2, 28));

    [Fact]
    public void A_custom_range_ten_years_back_to_the_day_is_allowed() =>
        RecordsRange.Resolve("custom", new DateOnly(2016, 11, 25), Today, Today).IsSuccess.Should().BeTrue();

    [Fact]
    public void A_custom_range_one_day_further_needs_a_kiosk() =>
        RecordsRange.Resolve("custom", new DateOnly(2016, 11, 24), Today, Today).Problem!.Code.Should().Be("range_exceeds_online_limit");

    [Theory]
    [InlineData("custom", null, "2026-01-01", "from")]
    [InlineData("custom", "2026-01-01", null, "to")]
    [InlineData("custom", "2026-02-01", "2026-01-01", "from")]
    [InlineData("custom", "2026-01-01", "2026-11-26", "to")]
    [InlineData("2y", null, null, "range")]
    [InlineData(null, null, null, "range")]
    public void Malformed_ranges_name_the_field(string? code, string? from, string? to, string field)
    {
        var problem = RecordsRange.Resolve(code, Parse(from), Parse(to), Today).Problem!;
        problem.Code.Should().Be("invalid_range");
        problem.Errors!.Keys.Should().Equal(field);
    }

    [Fact]
    public void The_range_spans_china_calendar_days()
    {
        var range = RecordsRange.Resolve("custom", new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 1), Today).Value!;
        range.Start.Should().Be(new DateTimeOffset(2025, 12, 31, 16, 0, 0, TimeSpan.Zero));
        range.End.Should().Be(new DateTimeOffset(2026, 1, 1, 16, 0, 0, TimeSpan.Zero));
    }

    private static DateOnly? Parse(string? text) => text is null ? null : DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
