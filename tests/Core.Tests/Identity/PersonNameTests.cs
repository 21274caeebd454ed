using EntryExit.Core.Identity;

namespace EntryExit.Core.Tests.Identity;

public sealed class PersonNameTests
{
    [Theory]
    [InlineData("张三", "张三")]
    [InlineData(" 张三 ", "张三")]
    [InlineData("买买提·艾力", "买买提·艾力")]
    [InlineData("买买提•艾力", "买买提·艾力")]
    [InlineData("买买提・艾力", "买买提·艾力")]
    [InlineData("买买提‧艾力", "买买提·艾力")]
    [InlineData("买买提．艾力", "买买提·艾力")]
    [InlineData("买买提.艾力", "买买提·艾力")]
    [InlineData("𠮷野家", "𠮷野家")]
    [InlineData("John Smith", "John Smith")]
    public void Names_are_normalised(string input, string expected)
    {
        PersonName.TryParse(input, out var name).Should().BeTrue();
        name.Value.Should().Be(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("·张三")]
    [InlineData("张三·")]
    [InlineData("张··三")]
    [InlineData("张三1")]
    [InlineData("张<三>")]
    [InlineData("张\n三")]
    public void Bad_names_are_refused(string? input) =>
        PersonName.TryParse(input, out _).Should().BeFalse();

    [Fact]
    public void Length_counts_code_points_not_utf16_units()
    {
        var fifty = string.Concat(Enumerable.Repeat("𠮷", 50));
        PersonName.TryParse(fifty, out var name).Should().BeTrue();
        name.Length.Should().Be(50);
        PersonName.TryParse(fifty + "𠮷", out _).Should().BeFalse();
    }
}
