using EntryExit.Core.Documents;
using EntryExit.Core.Identity;
using EntryExit.Core.Records;
using EntryExit.Core.Translations;

namespace EntryExit.Core.Tests.Translations;

/// <summary>Every value a bilingual e-file can print has its English: ports, kinds, statuses, directions, sexes.</summary>
public sealed class EnglishTests
{
    public static TheoryData<string> Ports => [.. PortNames.All];

    [Theory]
    [MemberData(nameof(Ports))]
    public void Every_port_the_import_accepts_has_its_official_english_name(string port)
    {
        var english = English.Port(port);
        english.Should().NotBeNullOrWhiteSpace($"the import accepts {port}, so a bilingual e-file can print it");
        english!.Should().MatchRegex(@"^[A-Z][A-Za-z'’\-– ]+$", "port names are Latin script, capitalised");
    }

    [Fact]
    public void The_ports_of_the_guide_have_the_names_the_issue_asks_for()
    {
        English.Port("福田").Should().Be("Futian");
        English.Port("罗湖").Should().Be("Luohu");
        English.Port("深圳湾").Should().Be("Shenzhen Bay");
        English.Port("港珠澳大桥").Should().Be("Hong Kong–Zhuhai–Macao Bridge");
        English.Port("首都国际机场").Should().Be("Beijing Capital International Airport");
        English.Port("火星港").Should().BeNull();
    }

    [Fact]
    public void Ports_are_listed_once_and_have_distinct_english_names()
    {
        PortNames.All.Should().OnlyHaveUniqueItems();
        PortNames.All.Select(English.Port).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Every_document_kind_status_direction_and_sex_has_english()
    {
        foreach (var kind in Enum.GetValues<DocumentKind>())
        {
            English.Of(kind).Should().NotBeNullOrWhiteSpace().And.NotBe(kind.ChineseName());
        }

        foreach (var status in Enum.GetValues<DocumentStatus>())
        {
            English.Of(status).Should().NotBeNullOrWhiteSpace();
        }

        English.Of(Direction.Exit).Should().Be("Exit");
        English.Of(Direction.Entry).Should().Be("Entry");
        English.Of(Sex.Male).Should().Be("Male");
        English.Of(Sex.Female).Should().Be("Female");
        English.Of(DocumentKind.HkMacauPermit).Should().Be("Exit-Entry Permit for Travelling to and from Hong Kong and Macao");
    }

    [Fact]
    public void A_fixed_text_without_english_is_an_error_not_a_blank()
    {
        var missing = () => English.Text("没有翻译的文字");
        missing.Should().Throw<KeyNotFoundException>();
        English.Text("国家移民管理局").Should().Be("National Immigration Administration");
    }
}
