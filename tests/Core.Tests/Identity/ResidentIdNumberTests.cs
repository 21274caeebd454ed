using CsCheck;
using EntryExit.Core.Identity;

namespace EntryExit.Core.Tests.Identity;

public sealed class ResidentIdNumberTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    [Theory]
    [InlineData("11010519491231002X", "11010519491231002X")]
    [InlineData("11010519491231002x", "11010519491231002X")]
    [InlineData("  11010519491231002X ", "11010519491231002X")]
    [InlineData("440304190001010010", "440304190001010010")]
    public void Valid_numbers_are_normalised(string input, string expected)
    {
        ResidentIdNumber.TryParse(input, Today, out var id).Should().BeTrue();
        id.Value.Should().Be(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("110105194912310021")] // wrong check character
    [InlineData("11010519491231002")] // 17 characters
    [InlineData("1101051949123100211")] // 19 characters
    [InlineData("11010519491331002X")] // month 13
    [InlineData("440524188001010014")] // born 1880, check character right
    [InlineData("000000199001010012")] // no region
    [InlineData("1101051949123100X2")] // X not last
    [InlineData("11010519491231 02X")]
    public void Invalid_numbers_are_refused(string? input) =>
        ResidentIdNumber.TryParse(input, Today, out _).Should().BeFalse();

    [Fact]
    public void A_birth_date_in_the_future_is_refused()
    {
        var body = "11010520261126001";
        ResidentIdNumber.TryParse(body + ResidentIdNumber.CheckCharacterFor(body), Today, out _).Should().BeFalse();
        var todayBody = "11010520261125001";
        ResidentIdNumber.TryParse(todayBody + ResidentIdNumber.CheckCharacterFor(todayBody), Today, out _).Should().BeTrue();
    }

    [Fact]
    public void Birth_date_and_sex_come_from_the_number()
    {
        ResidentIdNumber.TryParse("11010519491231002X", Today, out var id).Should().BeTrue();
        id.BirthDate.Should().Be(new DateOnly(1949, 12, 31));
        id.Sex.Should().Be(Sex.Female);
        id.RegionCode.Should().Be("110105");
    }

    [Fact]
    public void The_masked_form_hides_birth_date_and_sequence() =>
        ResidentIdNumber.Mask("11010519491231002X").Should().Be("110105********002X");

    [Fact]
    public void Every_body_with_its_computed_check_character_validates_and_every_other_fails()
    {
        var bodies =
            from region in Gen.Int[110000, 659999]
            from birth in Gen.Date[new DateTime(1900, 1, 1), new DateTime(2026, 11, 25)]
            from sequence in Gen.Int[0, 999]
            select $"{region}{birth:yyyyMMdd}{sequence:D3}";

        bodies.Sample(body =>
        {
            var check = ResidentIdNumber.CheckCharacterFor(body);
            ResidentIdNumber.TryParse(body + check, Today, out _).Should().BeTrue();
            foreach (var other in "0123456789X".Where(c => c != check))
            {
                ResidentIdNumber.TryParse(body + other, Today, out _).Should().BeFalse();
            }
        });
    }
}
