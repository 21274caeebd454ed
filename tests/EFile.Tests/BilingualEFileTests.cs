using EntryExit.Core.Documents;
using EntryExit.Core.Identity;
using EntryExit.Core.Records;
using EntryExit.Core.Reports;
using EntryExit.Core.Security;
using EntryExit.Core.Translations;
using EntryExit.EFile.Layout;
using EntryExit.EFile.Tests.Signing;
using EntryExit.TestSupport;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace EntryExit.EFile.Tests;

/// <summary>The zh-en e-file (SPEC §2.5): English under every fixed text and beside every value, Chinese unchanged.</summary>
public sealed class BilingualEFileTests(SigningFixture fixture) : IClassFixture<SigningFixture>
{
    private const string Password = "Lj7mQ2xe9Kp";

    private static readonly string[] LongestPorts =
        [.. PortNames.All.OrderByDescending(port => English.Port(port)!.Length).Take(4), "港珠澳大桥"];

    private readonly EFileRenderer renderer = new(new SystemSecureRandom());

    private static RecordsEFileContent Bilingual(RecordsEFileContent content, string? nameLatin = "MAIMAITI AILI")
    {
        LatinName? latin = null;
        if (nameLatin is not null)
        {
            LatinName.TryParse(nameLatin, out latin).Should().BeTrue();
        }

        return content with { Issue = content.Issue with { Language = Language.ZhEn }, Holder = content.Holder with { NameLatin = latin } };
    }

    /// <summary>Crossings at the ports with the longest English names, on the kind with the longest English name.</summary>
    private static List<Crossing> LongNameCrossings(int count)
    {
        var at = new DateTimeOffset(2023, 2, 20, 18, 42, 0, Samples.China);
        return [.. Enumerable.Range(0, count).Select(i => new Crossing(
            i % 2 == 0 ? Direction.Entry : Direction.Exit, at.AddHours(-7 * i), i % 3 == 2 ? DocumentKind.TaiwanPermit : DocumentKind.HkMacauPermit,
            "C12345678", LongestPorts[i % LongestPorts.Length], i % 4 == 0 ? "CA101" : ""))];
    }

    [Fact]
    public async Task Every_chinese_fixed_text_of_both_e_files_has_its_english()
    {
        foreach (var text in EFileText.FixedTexts.Concat(IssuancesEFile.FixedTexts))
        {
            English.TryText(text, out var english).Should().BeTrue($"'{text}' is printed on a bilingual e-file");
            english.Should().NotBeNullOrWhiteSpace().And.MatchRegex("^[\\x20-\\x7E–’]+$", "the English is Latin script");
        }
    }

    [Fact]
    public async Task PdfPig_finds_each_english_line_right_under_its_chinese_one()
    {
        var content = Bilingual(Samples.Content(12));

        var rendered = await renderer.RenderRecordsAsync(content);

        var text = string.Concat(PdfFiles.PageTexts(rendered.Pdf));
        if (Environment.GetEnvironmentVariable("EFILE_SAMPLE_DIR") is { } dir)
        {
            File.WriteAllBytes(Path.Combine(dir, "zh-en.pdf"), rendered.Pdf);
            File.WriteAllBytes(Path.Combine(dir, "zh-en-long.pdf"), (await renderer.RenderRecordsAsync(Bilingual(Samples.Content(LongNameCrossings(60))))).Pdf);
            File.WriteAllBytes(Path.Combine(dir, "zh-en-issuances.pdf"), (await renderer.RenderIssuancesAsync(IssuancesEFileTests.ZhEn(IssuancesEFileTests.Content(4)))).Pdf);
        }

        string Squeezed(string s) => PdfFiles.Squeeze(s);
        text.Should().Contain(Squeezed("国家移民管理局National Immigration Administration"))
            .And.Contain(Squeezed("出入境记录查询结果（电子文件）Entry and Exit Records Inquiry Result (Electronic File)"))
            .And.Contain(Squeezed("编号：E230223377109No.: E230223377109"))
            .And.Contain(Squeezed("查询日期：2023年02月23日Date of inquiry: 2023-02-23"))
            .And.Contain(Squeezed("校验码：7K3M-9QXP-2R4TVerification code: 7K3M-9QXP-2R4T"))
            .And.Contain(Squeezed("Name: MAIMAITI AILI (买买提·艾力); Sex: Male; Date of birth: 1985-06-15; Citizen ID number: " + content.Holder.IdNumber.Value))
            .And.Contain(Squeezed("the holder has the following entry and exit records from 2013-02-23 to 2023-02-23:"))
            .And.Contain(Squeezed("序号No.出境/入境Exit/Entry出入境日期Date and time证件名称Document证件号码Document No.出入境口岸Port航班号Flight No."))
            .And.Contain(Squeezed("1入境Entry2023-02-2018:42往来港澳通行证Exit-Entry Permit for Travelling to and from Hong Kong and MacaoC12345678罗湖Luohu"))
            .And.Contain(Squeezed("深圳湾Shenzhen Bay粤Z1234港"))
            .And.Contain(Squeezed("港珠澳大桥Hong Kong–Zhuhai–Macao Bridge"))
            .And.Contain(Squeezed("首都国际机场Beijing Capital International AirportCA937"))
            .And.Contain(Squeezed("普通护照Ordinary Passport"))
            .And.Contain(Squeezed($"第 1 页 共 {rendered.Pages} 页 / Page 1 of {rendered.Pages}"))
            .And.Contain(Squeezed("制作日期：2023年02月23日17时57分Made at: 2023-02-23 17:57 (UTC+08:00)"));
        // Chinese stays authoritative and whole: the Chinese paragraph is the zh document's.
        text.Should().Contain(Squeezed(EFileText.PersonParagraph(content)));
    }

    [Fact]
    public async Task Poppler_extracts_the_english_with_its_spaces_and_the_chinese_beside_it()
    {
        var content = Bilingual(Samples.Content(12));

        var text = PdfFiles.Poppler("pdftotext", (await renderer.RenderRecordsAsync(content)).Pdf);

        text.Should().Contain("Entry and Exit Records Inquiry Result (Electronic File)")
            .And.Contain("National Immigration Administration")
            .And.Contain("Page 1 of ")
            .And.Contain("Shenzhen Bay").And.Contain("Luohu").And.Contain("Exit/Entry")
            .And.Contain("Made at: 2023-02-23 17:57 (UTC+08:00)")
            .And.Contain("Name: MAIMAITI AILI (买买提·艾力)");
        PdfFiles.Squeeze(text).Should().Contain("港珠澳大桥").And.Contain("查询人姓名：买买提·艾力").And.Contain("第1页共");
    }

    [Fact]
    public async Task Without_a_latin_name_the_english_names_the_chinese_one()
    {
        var text = PdfFiles.PageTexts((await renderer.RenderRecordsAsync(Bilingual(Samples.Content(0), nameLatin: null))).Pdf).Single();

        text.Should().Contain(PdfFiles.Squeeze("Name: 买买提·艾力; Sex: Male"))
            .And.Contain(PdfFiles.Squeeze(EFileText.NoRecords + "The holder has no entry or exit records in this period."))
            .And.Contain(PdfFiles.Squeeze("searched for entry and exit records from 2013-02-23 to 2023-02-23."))
            .And.NotContain("No.出境");
        foreach (var note in EFileText.Notes)
        {
            text.Should().Contain(PdfFiles.Squeeze(note) + PdfFiles.Squeeze(English.Text(note)), "each note's English follows it");
        }
    }

    [Fact]
    public async Task The_latin_text_is_open_sans_embedded_as_a_subset_beside_the_cjk_font()
    {
        var fonts = PdfFiles.Poppler("pdffonts", (await renderer.RenderRecordsAsync(Bilingual(Samples.Content(4)))).Pdf);

        var rows = fonts.Split('\n').Skip(2).Where(line => line.Length > 0).ToArray();
        rows.Should().Contain(row => row.Contains("+OpenSans", StringComparison.Ordinal) || row.Contains("+Open Sans", StringComparison.Ordinal));
        rows.Should().Contain(row => row.Contains("WenQuanYi", StringComparison.Ordinal));
        foreach (var row in rows)
        {
            var columns = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            columns[0].Should().MatchRegex("^[A-Z]{6}\\+", "a subset font's name has a six-letter tag");
            columns[^5..^2].Should().Equal(["yes", "yes", "yes"], row);
        }

        // The Chinese-only e-file stays as it was: no Latin font, no English.
        var zh = (await renderer.RenderRecordsAsync(Samples.Content(4))).Pdf;
        PdfFiles.Poppler("pdffonts", zh).Should().NotContain("Open");
        PdfFiles.PageTexts(zh).Single().Should().NotContain("Page").And.NotContain("NationalImmigration").And.NotContain("Luohu");
    }

    [Fact]
    public async Task Every_page_of_a_long_bilingual_table_repeats_the_two_line_header_and_says_page_n_of_m()
    {
        var content = Bilingual(Samples.Content(LongNameCrossings(300)));

        var rendered = await renderer.RenderRecordsAsync(content);

        var pages = PdfFiles.PageTexts(rendered.Pdf);
        pages.Should().HaveCount(rendered.Pages).And.HaveCountGreaterThan(10);
        var header = PdfFiles.Squeeze("序号No.出境/入境Exit/Entry");
        var lastRow = PdfFiles.Squeeze(EFileText.CrossingTime(content.Crossings[^1].At));
        var pagesWithRows = pages.Length - (pages[^1].Contains(lastRow, StringComparison.Ordinal) ? 0 : 1);
        for (var i = 0; i < pages.Length; i++)
        {
            pages[i].Should().Contain(PdfFiles.Squeeze($"第 {i + 1} 页 共 {pages.Length} 页 / Page {i + 1} of {pages.Length}"));
            if (i is > 0 && i < pagesWithRows)
            {
                pages[i].IndexOf(header, StringComparison.Ordinal).Should().Be(0, $"the header tops page {i + 1}");
            }
        }
    }

    [Fact]
    public async Task Long_english_names_wrap_inside_their_cells_and_no_text_overlaps()
    {
        var content = Bilingual(Samples.Content(LongNameCrossings(60)));

        var pdf = (await renderer.RenderRecordsAsync(content)).Pdf;

        using var document = PdfDocument.Open(pdf);
        foreach (var page in document.GetPages())
        {
            var letters = page.Letters.Where(letter => !string.IsNullOrWhiteSpace(letter.Value)).ToList();
            foreach (var letter in letters)
            {
                letter.BoundingBox.Left.Should().BeGreaterThanOrEqualTo(EFilePage.Left - 0.5, letter.Value);
                letter.BoundingBox.Right.Should().BeLessThanOrEqualTo(EFilePage.Right + 0.5, letter.Value);
            }

            Overlaps(letters).Should().BeEmpty($"nothing overlaps on page {page.Number}");
        }

        // Each long name is broken over lines of its cell, never drawn across the next column.
        var text = PdfFiles.Poppler("pdftotext", pdf, "-layout");
        foreach (var port in LongestPorts.Select(port => English.Port(port)!).Where(name => name.Length > 30))
        {
            text.Should().NotContain(port, "a name longer than its column is wrapped");
            PdfFiles.Squeeze(text).Should().Contain(PdfFiles.Squeeze(port.Split(' ')[0]));
        }
    }

    [Fact]
    public void The_english_title_fits_between_the_signature_mark_and_the_qr_code()
    {
        var style = new EFileStyle();
        var room = EFilePage.QrBox.Left - EFilePage.SignatureBox.Right;
        foreach (var title in new[] { EFileText.DocumentName, IssuancesEFile.DocumentName, EFileText.Issuer })
        {
            var english = English.Text(title);
            var width = (title == EFileText.Issuer ? style.IssuerEnglish : style.DocumentNameEnglish).Width(english);
            width.Should().BeLessThan(room - 8, english);
            (EFilePage.ContentWidth - width).Should().BeGreaterThan(2 * (EFilePage.SignatureBox.Right - EFilePage.Left), "centred, it clears both badges");
        }
    }

    [Fact]
    public async Task The_signed_and_encrypted_bilingual_e_file_is_covered_whole_by_its_signature()
    {
        var content = Bilingual(Samples.Content(40));

        var rendered = await fixture.Renderer.RenderRecordsAsync(content, EFileProtection.WithPassword(Password));

        var check = fixture.PdfSig(rendered.Pdf, "-upw", Password).Output;
        check.Should().Contain("Signature is Valid.").And.Contain("Total document signed");
        PdfFiles.Squeeze(PdfFiles.Poppler("pdftotext", rendered.Pdf, "-upw", Password))
            .Should().Contain("Page1of").And.Contain("出入境记录查询结果（电子文件）");
    }

    [Fact]
    public async Task The_issuances_e_file_reads_in_both_languages()
    {
        var content = IssuancesEFileTests.ZhEn(IssuancesEFileTests.Content(4));

        var rendered = await fixture.Renderer.RenderIssuancesAsync(content);

        fixture.PdfSig(rendered.Pdf).Output.Should().Contain("Signature is Valid.").And.Contain("Total document signed");
        var text = string.Concat(PdfFiles.PageTexts(rendered.Pdf));
        text.Should().Contain(PdfFiles.Squeeze("护照签发记录查询结果（电子文件）Passport Issuance Records Inquiry Result (Electronic File)"))
            .And.Contain(PdfFiles.Squeeze("序号No.护照号码Passport No.签发日期Date of issue有效期至Valid until签发机关Issuing authority状态Status公民身份号码Citizen ID number"))
            .And.Contain(PdfFiles.Squeeze("公安部出入境管理局Exit and Entry Administration of the Ministry of Public Security有效Valid"))
            .And.Contain(PdfFiles.Squeeze("已过期Expired")).And.Contain(PdfFiles.Squeeze("已作废Void")).And.Contain(PdfFiles.Squeeze("已挂失Reported lost"))
            .And.Contain(PdfFiles.Squeeze("the following passports have been issued to the holder:"))
            .And.Contain(PdfFiles.Squeeze("Passport Issuance Records Inquiry System of the National Immigration Administration; owing to"))
            .And.Contain(PdfFiles.Squeeze($"Page 1 of {rendered.Pages}"));
    }

    [Fact]
    public async Task Ten_years_of_a_commuters_crossings_signed_and_encrypted_stay_within_500_kb()
    {
        var content = CommuterEFile.Content(CommuterEFile.TenYearsOfRows, Language.ZhEn);

        var rendered = await fixture.Renderer.RenderRecordsAsync(content, EFileProtection.WithPassword(Password));

        // Issue 14's target for the largest bilingual e-file; the size does not depend on the machine.
        rendered.Pdf.Length.Should().BeLessThanOrEqualTo(500_000);

        // Nothing left out to get there: signed whole, and a page in the middle has its header, rows and page number.
        fixture.PdfSig(rendered.Pdf, "-upw", Password).Output.Should().Contain("Signature is Valid.").And.Contain("Total document signed");
        var middle = rendered.Pages / 2;
        var text = PdfFiles.Squeeze(PdfFiles.Poppler("pdftotext", rendered.Pdf, "-upw", Password, "-f", $"{middle}", "-l", $"{middle}"));
        text.Should().Contain(PdfFiles.Squeeze("序号 出境/入境 出入境日期 证件名称 证件号码 出入境口岸 航班号 No. Exit/Entry Date and time"))
            .And.Contain(PdfFiles.Squeeze("往来港澳通行证 Exit-Entry Permit for Travelling to and from Hong Kong and Macao"))
            .And.Contain("C59576829").And.Contain("福田Futian").And.Contain("罗湖Luohu")
            .And.Contain(PdfFiles.Squeeze($"第 {middle} 页 共 {rendered.Pages} 页 / Page {middle} of {rendered.Pages}"));
    }

    /// <summary>Pairs of glyphs (by text) whose boxes overlap by more than a sliver, found through a coarse grid.</summary>
    private static List<string> Overlaps(List<Letter> letters)
    {
        const double cell = 12;
        var grid = new Dictionary<(int, int), List<int>>();
        for (var i = 0; i < letters.Count; i++)
        {
            var box = letters[i].BoundingBox;
            for (var gx = (int)(box.Left / cell); gx <= (int)(box.Right / cell); gx++)
            {
                for (var gy = (int)(box.Bottom / cell); gy <= (int)(box.Top / cell); gy++)
                {
                    if (!grid.TryGetValue((gx, gy), out var list))
                    {
                        grid[(gx, gy)] = list = [];
                    }

                    list.Add(i);
                }
            }
        }

        var found = new List<string>();
        var seen = new HashSet<(int, int)>();
        foreach (var list in grid.Values)
        {
            for (var a = 0; a < list.Count; a++)
            {
                for (var b = a + 1; b < list.Count; b++)
                {
                    var (i, j) = (list[a], list[b]);
                    if (!seen.Add((Math.Min(i, j), Math.Max(i, j))))
                    {
                        continue;
                    }

                    var (p, q) = (letters[i].BoundingBox, letters[j].BoundingBox);
                    var width = Math.Min(p.Right, q.Right) - Math.Max(p.Left, q.Left);
                    var height = Math.Min(p.Top, q.Top) - Math.Max(p.Bottom, q.Bottom);
                    var smaller = Math.Min(p.Width * p.Height, q.Width * q.Height);
                    if (width > 0 && height > 0 && width * height > 0.25 * smaller)
                    {
                        found.Add($"{letters[i].Value}@{p.Left:F0},{p.Bottom:F0} / {letters[j].Value}@{q.Left:F0},{q.Bottom:F0}");
                    }
                }
            }
        }

        return found;
    }
}
