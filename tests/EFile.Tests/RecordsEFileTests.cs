using System.Diagnostics;
using EntryExit.Core.Records;
using EntryExit.Core.Security;
using UglyToad.PdfPig;
using Xunit.Abstractions;

namespace EntryExit.EFile.Tests;

public sealed class RecordsEFileTests(ITestOutputHelper output)
{
    private static readonly string Header = PdfFiles.Squeeze(string.Concat(EFileText.TableHeader));

    private readonly EFileRenderer renderer = new(new SystemSecureRandom());

    [Fact]
    public void The_period_sentence_is_spaced_as_in_the_guide() =>
        EFileText.PersonParagraph(Samples.Content(12)).Should().Contain("其本人在 2013 年 02 月 23 日至 2023 年 02 月 23 日期间有下列出入境记录：");

    [Fact]
    public async Task PdfPig_reads_the_title_person_every_crossing_notes_and_made_at()
    {
        var content = Samples.Content(12);

        var rendered = await renderer.RenderRecordsAsync(content);

        rendered.Pages.Should().Be(1);
        var text = string.Concat(PdfFiles.PageTexts(rendered.Pdf));
        text.Should().Contain("国家移民管理局").And.Contain("出入境记录查询结果（电子文件）")
            .And.Contain("编号：E230223377109").And.Contain("查询日期：2023年02月23日")
            .And.Contain("查询人姓名：买买提·艾力，性别：男，出生日期：1985年06月15日，")
            .And.Contain("公民身份号码：" + content.Holder.IdNumber.Value)
            .And.Contain(PdfFiles.Squeeze("其本人在 2013 年 02 月 23 日至 2023 年 02 月 23 日期间有下列出入境记录："))
            .And.Contain(Header)
            .And.Contain("第1页共1页")
            .And.Contain("制作日期：2023年02月23日17时57分")
            .And.Contain("校验码：7K3M-9QXP-2R4T");
        foreach (var note in EFileText.Notes)
        {
            text.Should().Contain(note);
        }

        foreach (var crossing in content.Crossings)
        {
            text.Should().Contain(crossing.Port).And.Contain(crossing.DocumentNumber).And.Contain(PdfFiles.Squeeze(EFileText.CrossingTime(crossing.At)));
        }
    }

    [Fact]
    public async Task Rows_are_numbered_in_the_given_order_with_china_times()
    {
        var content = Samples.Content(3);

        var text = PdfFiles.PageTexts((await renderer.RenderRecordsAsync(content)).Pdf)[0];

        // 2023-02-20 18:42 China time was given as +08:00; the second crossing is 10 h 7 min earlier.
        text.Should().Contain("1入境2023-02-2018:42往来港澳通行证C12345678罗湖")
            .And.Contain("2出境2023-02-2008:35往来港澳通行证C12345678罗湖")
            .And.Contain("3入境2023-02-1922:28往来港澳通行证C12345678深圳湾粤Z1234港");
    }

    [Fact]
    public async Task Times_given_in_utc_are_shown_in_china_time()
    {
        var utc = new DateTimeOffset(2023, 1, 31, 20, 5, 0, TimeSpan.Zero);
        var content = Samples.Content([new(Direction.Exit, utc, DocumentKind.Passport, "E11112222", "罗湖", "")]);

        var text = PdfFiles.PageTexts((await renderer.RenderRecordsAsync(content)).Pdf)[0];

        text.Should().Contain("1出境2023-02-0104:05普通护照E11112222罗湖");
    }

    [Fact]
    public async Task Poppler_extracts_the_same_chinese_text_through_the_ToUnicode_maps()
    {
        var content = Samples.Content(12);

        var text = PdfFiles.Squeeze(PdfFiles.Poppler("pdftotext", (await renderer.RenderRecordsAsync(content)).Pdf));

        text.Should().Contain("国家移民管理局出入境记录查询结果（电子文件）")
            .And.Contain("查询人姓名：买买提·艾力")
            .And.Contain(content.Holder.IdNumber.Value)
            .And.Contain("港珠澳大桥").And.Contain("首都国际机场").And.Contain("深圳湾")
            .And.Contain("第1页共1页")
            .And.Contain(EFileText.Notes[1])
            .And.Contain("制作日期：2023年02月23日17时57分");
    }

    [Fact]
    public async Task The_font_is_embedded_as_a_subset_with_a_unicode_map()
    {
        var fonts = PdfFiles.Poppler("pdffonts", (await renderer.RenderRecordsAsync(Samples.Content(2))).Pdf);

        var rows = fonts.Split('\n').Skip(2).Where(line => line.Length > 0).ToArray();
        rows.Should().NotBeEmpty();
        foreach (var row in rows)
        {
            // name type encoding emb sub uni object ID
            var columns = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            columns[0].Should().MatchRegex("^[A-Z]{6}\\+", "a subset font's name has a six-letter tag");
            columns[^5..^2].Should().Equal(["yes", "yes", "yes"], row);
        }
    }

    [Fact]
    public async Task Every_page_of_a_long_table_repeats_the_header_and_its_page_number()
    {
        var content = Samples.Content(500);

        var rendered = await renderer.RenderRecordsAsync(content);

        var pages = PdfFiles.PageTexts(rendered.Pdf);
        rendered.Pages.Should().Be(pages.Length).And.BeGreaterThan(10);
        var lastRow = PdfFiles.Squeeze(EFileText.CrossingTime(content.Crossings[^1].At));
        var pagesWithRows = pages.Length - (pages[^1].Contains(lastRow, StringComparison.Ordinal) ? 0 : 1);
        for (var i = 0; i < pages.Length; i++)
        {
            pages[i].Should().Contain($"第{i + 1}页共{pages.Length}页");
            if (i < pagesWithRows)
            {
                pages[i].Should().Contain(Header, $"page {i + 1} has rows");
                pages[i].IndexOf(Header, StringComparison.Ordinal).Should().BeLessThan(i == 0 ? int.MaxValue : 1, "the header tops every later page");
            }
            else
            {
                pages[i].Should().NotContain(Header, "a page of notes only has no table");
            }
        }

        pages[^1].Should().Contain("制作日期：").And.Contain(EFileText.Notes[3]);
        var all = string.Concat(pages);
        var position = 0;
        for (var row = 1; row <= 500; row++)
        {
            var crossing = content.Crossings[row - 1];
            var cells = $"{row}{crossing.Direction.ChineseName()}{PdfFiles.Squeeze(EFileText.CrossingTime(crossing.At))}";
            var found = all.IndexOf(cells, position, StringComparison.Ordinal);
            found.Should().BeGreaterThan(position - 1, $"row {row} follows row {row - 1}");
            position = found;
        }
    }

    [Fact]
    public async Task Without_records_the_table_gives_way_to_the_no_records_sentence()
    {
        var rendered = await renderer.RenderRecordsAsync(Samples.Content(0));

        var text = PdfFiles.PageTexts(rendered.Pdf).Single();
        text.Should().Contain(EFileText.NoRecords)
            .And.Contain(PdfFiles.Squeeze("查询 2013 年 02 月 23 日至 2023 年 02 月 23 日期间的出入境记录。"))
            .And.NotContain("序号").And.NotContain("有下列出入境记录")
            .And.Contain("第1页共1页").And.Contain("制作日期：");
    }

    [Fact]
    public async Task A_name_outside_the_basic_plane_reads_back_whole()
    {
        var content = Samples.Content(2, "𠮷野家");

        var rendered = await renderer.RenderRecordsAsync(content);

        rendered.Pages.Should().Be(1);
        // 𠮷 comes from the fallback font (see FallbackFontTests), the rest of the name from the main one.
        PdfFiles.PageTexts(rendered.Pdf)[0].Should().Contain("查询人姓名：𠮷野家，性别：男");
        PdfFiles.Squeeze(PdfFiles.Poppler("pdftotext", rendered.Pdf)).Should().Contain("查询人姓名：𠮷野家，性别：男");
    }

    [Fact]
    public async Task Page_one_carries_the_qr_code_image_and_the_metadata()
    {
        var rendered = await renderer.RenderRecordsAsync(Samples.Content(2));

        using var document = PdfDocument.Open(rendered.Pdf);
        var page = document.GetPage(1);
        var image = page.GetImages().Should().ContainSingle().Subject;
        image.BoundingBox.Width.Should().BeApproximately(72, 0.5);
        image.BoundingBox.Bottom.Should().BeGreaterThan(page.Height - 120, "the QR code sits at the top of the page");
        document.Information.Title.Should().Be(EFileText.Title);
        document.Information.Subject.Should().Be("E230223377109");
        document.Information.Creator.Should().Be("国家移民管理局出入境记录查询系统");
        // 17:57:12 in China, written as UTC so that the host's time zone cannot change it.
        document.Information.CreationDate.Should().Be("D:20230223095712+00'00'");
        document.Information.ModifiedDate.Should().Be("D:20230223095712+00'00'");
    }

    [Fact]
    public async Task The_same_content_gives_the_same_bytes_but_for_the_xmp_uuids_pdfsharp_stamps()
    {
        var content = Samples.Content(30);

        var first = (await renderer.RenderRecordsAsync(content)).Pdf;
        var second = (await renderer.RenderRecordsAsync(content)).Pdf;

        second.Length.Should().Be(first.Length);
        var uuids = PdfFiles.XmpUuids(first);
        uuids.Should().HaveCount(2, "PDFsharp 6.2.4 writes xmpMM:DocumentID and InstanceID at Save, from Guid.NewGuid()");
        PdfFiles.BlankXmpUuids(second).Should().Equal(PdfFiles.BlankXmpUuids(first));
    }

    [Fact]
    public async Task Renderers_on_many_threads_do_not_interfere()
    {
        var contents = Enumerable.Range(0, 8).Select(i => Samples.Content(20 + i)).ToArray();

        var results = await Task.WhenAll(contents.Select(content => Task.Run(() => renderer.RenderRecordsAsync(content))));

        results.Select(result => PdfFiles.PageTexts(result.Pdf)[0].Contains("第1页", StringComparison.Ordinal)).Should().AllBeEquivalentTo(true);
    }

    [Fact]
    public async Task A_long_port_name_wraps_inside_its_cell()
    {
        var port = "上海浦东国际机场T2航站楼国际出发边检通道";
        var content = Samples.Content([new(Direction.Exit, new DateTimeOffset(2022, 5, 1, 8, 0, 0, Samples.China), DocumentKind.Passport, "E11112222", port, "MU5101")]);

        var rendered = await renderer.RenderRecordsAsync(content);

        var text = PdfFiles.Poppler("pdftotext", rendered.Pdf);
        PdfFiles.Squeeze(text).Should().Contain(port).And.Contain("MU5101");
        text.Split('\n').Should().NotContain(line => line.Contains(port, StringComparison.Ordinal), "the name is broken over lines");
        text.Split('\n').Should().Contain(line => line.Trim().StartsWith("上海浦东国际机场", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ten_years_of_daily_crossings_render_in_one_go()
    {
        var content = Samples.Content(7300);
        await renderer.RenderRecordsAsync(Samples.Content(50));

        var watch = Stopwatch.StartNew();
        var rendered = await renderer.RenderRecordsAsync(content);
        var elapsed = watch.Elapsed;

        output.WriteLine($"7,300 rows: {rendered.Pages} pages, {rendered.Pdf.Length / 1024} KB, {elapsed.TotalMilliseconds:F0} ms (second render in this process)");
        var pages = PdfFiles.PageTexts(rendered.Pdf);
        pages.Should().HaveCount(rendered.Pages);
        pages[^1].Should().Contain($"第{pages.Length}页共{pages.Length}页").And.Contain("制作日期：");
        string.Concat(pages).Should().Contain("7300" + content.Crossings[^1].Direction.ChineseName());
    }
}
