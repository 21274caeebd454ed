using EntryExit.Core.Reports;

namespace EntryExit.Core.Tests.Reports;

public sealed class ReportNumberTests
{
    [Fact]
    public void The_number_is_E_then_the_china_date_then_six_digits() =>
        ReportNumber.Create(new DateOnly(2023, 2, 23), 377109).Value.Should().Be("E230223377109");

    [Fact]
    public void Small_random_parts_are_zero_padded() =>
        ReportNumber.Create(new DateOnly(2023, 2, 23), 42).Value.Should().Be("E230223000042");

    [Theory]
    [InlineData("E230223377109", true)]
    [InlineData("e230223377109", false)]
    [InlineData("E231323377109", false)]
    [InlineData("E23022337710", false)]
    [InlineData("E2302233771090", false)]
    [InlineData("E23022337710A", false)]
    [InlineData(null, false)]
    public void Parsing_accepts_only_the_exact_shape(string? text, bool valid) =>
        ReportNumber.TryParse(text, out _).Should().Be(valid);
}
