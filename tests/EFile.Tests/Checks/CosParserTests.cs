using System.Text;
using EntryExit.EFile.Checks;

namespace EntryExit.EFile.Tests.Checks;

/// <summary>The PDF object syntax the e-file check reads (ISO 32000-2 §7.3).</summary>
public sealed class CosParserTests
{
    [Theory]
    [InlineData(@"(plain)", "plain")]
    [InlineData(@"(nested (balanced) parens)", "nested (balanced) parens")]
    [InlineData(@"(escaped \( \) \\ )", @"escaped ( ) \ ")]
    [InlineData(@"(\101\102\0603)", "AB03")]
    [InlineData("(line\\\ncontinued)", "linecontinued")]
    [InlineData(@"(\n\t)", "\n\t")]
    [InlineData("<45 32 33 3>", "E230")]
    public void Strings_decode_their_escapes(string syntax, string expected)
    {
        var value = new CosParser(Encoding.Latin1.GetBytes(syntax), 0).ReadObject();

        Encoding.Latin1.GetString(value.Should().BeOfType<CosString>().Subject.Bytes).Should().Be(expected);
    }

    [Fact]
    public void A_dictionary_holds_names_numbers_references_arrays_and_nested_dictionaries()
    {
        var syntax = "<< /Type /Sig /A#20B 12 /Ref 7 0 R /Range [0 10 20 -3.5] /Inner << /X true >> /Null null % comment\n >>";

        var dictionary = new CosParser(Encoding.Latin1.GetBytes(syntax), 0).ReadDictionary();

        dictionary.Name("Type").Should().Be("Sig");
        dictionary.Integer("A B").Should().Be(12);
        dictionary["Ref"].Should().Be(new CosReference(7, 0));
        dictionary["Range"].Should().BeOfType<CosArray>().Which.Items.Should().Equal(
            new CosNumber(0), new CosNumber(10), new CosNumber(20), new CosNumber(-3.5m));
        dictionary["Inner"].Should().BeOfType<CosDictionary>().Which["X"].Should().Be(new CosKeyword("true"));
        dictionary["Null"].Should().Be(new CosKeyword("null"));
    }

    [Theory]
    [InlineData("<< /Unclosed (string >>")]
    [InlineData("<< /Key >>")]
    [InlineData("<zz>")]
    [InlineData(")")]
    public void Malformed_syntax_is_a_format_exception(string syntax)
    {
        var read = () => new CosParser(Encoding.Latin1.GetBytes(syntax), 0).ReadObject();

        read.Should().Throw<FormatException>();
    }

    [Fact]
    public void Nesting_past_the_budget_is_too_complex_not_malformed()
    {
        var read = () => new CosParser(Encoding.Latin1.GetBytes(new string('[', PdfWorkBudget.MaxDepth + 2)), 0).ReadObject();

        read.Should().Throw<PdfTooComplexException>();
    }

    [Theory]
    [InlineData(new byte[] { 0xFE, 0xFF, 0x00, 0x45, 0x4E, 0x2D }, "E中")]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0x45, 0xE4, 0xB8, 0xAD }, "E中")]
    [InlineData(new byte[] { 0x45, 0x32 }, "E2")]
    public void Text_strings_are_utf16_utf8_or_pdfdoc(byte[] bytes, string expected)
    {
        SignedPdfReader.TextString(bytes).Should().Be(expected);
    }
}
