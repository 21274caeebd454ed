using EntryExit.Core.Documents;
using EntryExit.Core.Identity;
using EntryExit.Core.Issuances;
using EntryExit.Core.Reports;
using EntryExit.EFile.Tests.Signing;
using UglyToad.PdfPig;

namespace EntryExit.EFile.Tests;

/// <summary>The passport issuances e-file (SPEC §2.4): the ID number beside each passport, signed like the records e-file.</summary>
public sealed class IssuancesEFileTests(SigningFixture fixture) : IClassFixture<SigningFixture>
{
    private const string Password = "Lj7mQ2xe9Kp";

    public static IssuancesEFileContent ZhEn(IssuancesEFileContent content) => content with { Issue = content.Issue with { Language = Language.ZhEn } };

    public static IssuancesEFileContent Content(int passports = 3)
    {
        PersonName.TryParse("买买提·艾力", out var name).Should().BeTrue();
        var all = new List<Issuance>
        {
            new("E98765432", new DateOnly(2019, 7, 1), new DateOnly(2029, 6, 30), "公安部出入境管理局", DocumentStatus.Valid),
            new("E12345678", new DateOnly(2009, 6, 20), new DateOnly(2019, 6, 19), "新疆维吾尔自治区乌鲁木齐市公安局出入境管理局", DocumentStatus.Expired),
            new("G55554444", new DateOnly(2005, 3, 2), new DateOnly(2015, 3, 1), "乌鲁木齐市公安局", DocumentStatus.Void),
            new("EA1122334", new DateOnly(2021, 1, 5), new DateOnly(2031, 1, 4), "深圳市公安局出入境管理支队", DocumentStatus.ReportedLost),
        };
        return new IssuancesEFileContent(
            new EFileIssue(ReportNumber.Create(Samples.Today, 551204), Samples.Today, new DateTimeOffset(2023, 2, 23, 9, 57, 12, TimeSpan.Zero), "4HXN-8RWE-6J2D",
                new Uri("https://verify.example.cn/efile/E230223551204?code=4HXN-8RWE-6J2D")),
            new EFileHolder(name!, Sex.Male, new DateOnly(1985, 6, 15), Samples.IdNumber("65010219850615123")),
            all.Take(passports).ToList());
    }

    [Fact]
    public async Task The_title_person_and_each_passport_with_the_id_number_beside_it_read_back()
    {
        var content = Content(3);

        var rendered = await fixture.Renderer.RenderIssuancesAsync(content);

        rendered.Pages.Should().Be(1);
        var text = PdfFiles.PageTexts(rendered.Pdf)[0];
        text.Should().Contain("国家移民管理局").And.Contain("护照签发记录查询结果（电子文件）")
            .And.Contain("编号：E230223551204").And.Contain("查询日期：2023年02月23日")
            .And.Contain("查询人姓名：买买提·艾力，性别：男，出生日期：1985年06月15日，")
            .And.Contain("其本人名下有下列护照签发记录：")
            .And.Contain(PdfFiles.Squeeze(string.Concat(IssuancesEFile.TableHeader)))
            .And.Contain("1E987654322019-07-012029-06-30公安部出入境管理局有效" + content.Holder.IdNumber.Value)
            .And.Contain("校验码：4HXN-8RWE-6J2D").And.Contain("第1页共1页").And.Contain("制作日期：2023年02月23日17时57分");
        foreach (var note in IssuancesEFile.Notes)
        {
            text.Should().Contain(note);
        }

        text.Should().Contain("本电子文件由国家移民管理局护照签发记录查询系统自动生成");
        var poppler = PdfFiles.Squeeze(PdfFiles.Poppler("pdftotext", rendered.Pdf));
        poppler.Should().Contain("国家移民管理局护照签发记录查询结果（电子文件）").And.Contain("已过期").And.Contain("已作废");
        // The ID number once in the paragraph and once beside each of the three passports.
        poppler.Split(content.Holder.IdNumber.Value).Length.Should().Be(1 + 1 + 3);
        using var document = PdfDocument.Open(rendered.Pdf);
        document.Information.Title.Should().Be("国家移民管理局 护照签发记录查询结果（电子文件）");
    }

    [Fact]
    public async Task Without_passports_a_sentence_says_so()
    {
        var text = PdfFiles.PageTexts((await fixture.Renderer.RenderIssuancesAsync(Content(0))).Pdf).Single();

        text.Should().Contain(IssuancesEFile.NoPassports).And.NotContain("序号").And.NotContain("有下列护照签发记录");
    }

    [Fact]
    public async Task It_is_signed_and_encrypted_like_the_records_e_file()
    {
        var download = (await fixture.Renderer.RenderIssuancesAsync(Content(4))).Pdf;
        var emailed = (await fixture.RsaRenderer.RenderIssuancesAsync(Content(4), EFileProtection.WithPassword(Password))).Pdf;

        fixture.PdfSig(download).Output.Should().Contain("Signature is Valid.").And.Contain("Certificate is Trusted.")
            .And.Contain("Total document signed").And.Contain("ETSI.CAdES.detached");
        fixture.PdfSig(emailed, "-upw", Password).Output.Should().Contain("Signature is Valid.").And.Contain("Total document signed");
        using var tools = new Tools();
        Tools.Run("qpdf", "--show-encryption", "--password=" + Password, tools.Write("emailed.pdf", emailed)).Output
            .Should().Contain("R = 6").And.Contain("AESv3");
    }
}
