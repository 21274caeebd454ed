using System.Buffers.Binary;
using System.Security.Cryptography;
using EntryExit.Core.Records;
using EntryExit.Core.Reports;
using EntryExit.Core.Security;
using EntryExit.EFile.Fonts;
using EntryExit.EFile.Layout;
using EntryExit.EFile.Tests.Signing;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using UglyToad.PdfPig.Content;
using Xunit.Abstractions;
using PigDocument = UglyToad.PdfPig.PdfDocument;

namespace EntryExit.EFile.Tests;

/// <summary>
/// Names with characters the main font lacks (𠮷, U+20BB7, is in CJK Extension B) are drawn with the fallback font
/// (issue 5 point 3): extractable, embedded as a subset, and a glyph on the page rather than the missing-glyph box.
/// </summary>
public sealed class FallbackFontTests(SigningFixture fixture, ITestOutputHelper output) : IClassFixture<SigningFixture>
{
    private const string Name = "吴𠮷祥";
    private const double BodySize = 10.5;
    private const int Dpi = 300;

    /// <summary>The SHA-256 of the unpacked font, as Fonts/README.md records it.</summary>
    private const string FallbackSha256 = "6f2df74ab125bb691576082f865c53a27ab958871bce5f53d783aea71281b515";

    private readonly EFileRenderer renderer = new(new SystemSecureRandom());

    [Fact]
    public void The_fallback_font_is_the_documented_truetype_subset()
    {
        var font = FallbackFont.Bytes;

        Convert.ToHexStringLower(SHA256.HashData(font)).Should().Be(FallbackSha256, "the resource is the font built by the command in Fonts/README.md");
        BinaryPrimitives.ReadUInt32BigEndian(font).Should().Be(0x00010000u, "TrueType outlines, which PDFsharp subsets");
        var tables = OpenTypeTables.Directory(font);
        tables.Keys.Should().Contain(["glyf", "loca", "cmap", "hmtx", "head", "name"]).And.NotContain("CFF ");
        OpenTypeTables.ReadUInt16(OpenTypeTables.Table(font, "maxp"), 4).Should().Be(59_820);
        foreach (var (tag, (offset, length)) in tables)
        {
            var data = font.AsSpan(offset, length).ToArray();
            if (tag == "head")
            {
                data.AsSpan(8, 4).Clear();
            }

            var record = 12 + (16 * tables.Keys.Order(StringComparer.Ordinal).ToList().IndexOf(tag));
            OpenTypeTables.Checksum(data).Should().Be(BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(record + 4)), $"table {tag}");
        }

        OpenTypeTables.Checksum(font).Should().Be(0xB1B0AFBA, "head's checkSumAdjustment balances the whole file");
    }

    [Fact]
    public void The_resolver_answers_the_fallback_by_its_own_name_only()
    {
        EFileFontResolver.EnsureRegistered();
        var resolver = PdfSharp.Fonts.GlobalFontSettings.FontResolver!;

        resolver.ResolveTypeface(FallbackFont.FaceName, bold: true, italic: false)!.FaceName.Should().Be(FallbackFont.FaceName);
        resolver.GetFont(FallbackFont.FaceName).Should().BeSameAs(FallbackFont.Bytes);
        resolver.ResolveTypeface("EFile Han", bold: false, italic: false)!.FaceName.Should().Be(EFileFont.FaceName);
    }

    [Fact]
    public void It_covers_extensions_a_to_e_and_nothing_the_main_font_has()
    {
        var fallback = FallbackFont.CharacterMap;
        var main = OpenTypeTables.CharacterMap(OpenTypeTables.Table(EFileFont.Bytes, "cmap"));

        fallback.Keys.Intersect(main.Keys).Should().BeEmpty("the fallback holds only what the main font lacks");
        int Count(int first, int last) => fallback.Keys.Count(c => c >= first && c <= last);
        Count(0x3400, 0x4DBF).Should().BeGreaterThan(6_500, "Extension A: the main font has 2 of its 6,592");
        Count(0x20000, 0x2A6DF).Should().BeGreaterThan(42_700, "Extension B");
        Count(0x2A700, 0x2B73F).Should().BeGreaterThan(4_100, "Extension C");
        Count(0x2B740, 0x2B81F).Should().BeGreaterThan(200, "Extension D");
        Count(0x2B820, 0x2CEAF).Should().BeGreaterThan(5_700, "Extension E");

        // 𠮷 (Ext B), 䶮 (Ext A, as in 刘䶮), 𫖯 (Ext C, as in 赵孟𫖯), 𬭚 (Ext E), 鿏 (U+9FCF, newest unified).
        foreach (var c in new[] { 0x20BB7, 0x4DAE, 0x2B5AF, 0x2CB5A, 0x9FCF })
        {
            FontCoverage.InMain(c).Should().BeFalse($"U+{c:X} is not in the main font");
            FontCoverage.UsesFallback(c).Should().BeTrue($"U+{c:X} is drawn with the fallback");
        }

        foreach (var c in "吴祥国家移民管理局·Ab0")
        {
            FontCoverage.InMain(c).Should().BeTrue($"{c} is in the main font");
            FontCoverage.UsesFallback(c).Should().BeFalse();
        }
    }

    [Fact]
    public void Text_splits_into_runs_by_font_and_surrogate_pairs_stay_together()
    {
        Runs("吴𠮷祥").Should().Equal(("吴", false), ("𠮷", true), ("祥", false));
        Runs("𠮷𠮷野家").Should().Equal(("𠮷𠮷", true), ("野家", false));
        Runs("刘䶮𫖯").Should().Equal(("刘", false), ("䶮𫖯", true));
        Runs("\uD842祥").Should().Equal([("\uD842祥", false)], "an unpaired surrogate stays with the main font's box");
        Runs("\U0002F800").Should().Equal([("\U0002F800", false)], "a character neither font has is the main font's box");
        FontCoverage.FirstOutsideMain("国家移民管理局 2023-02-23").Should().Be(-1);
        FontCoverage.FirstOutsideMain("吴𠮷祥").Should().Be(1);
    }

    [Fact]
    public void A_character_is_measured_with_the_font_that_draws_it()
    {
        // Hanazono ideographs are one em wide; the simulated bold the fallback is drawn with adds 2 % of the em.
        GlyphWidths.Measure("𠮷", 10).Should().BeApproximately(10.2, 0.001);
        GlyphWidths.Measure("䶮", 10).Should().BeApproximately(10.2, 0.001);
        GlyphWidths.Measure("吴𠮷祥", 10).Should().BeApproximately(30.2, 0.001);
        GlyphWidths.Measure("A𠮷", 10).Should().BeApproximately(GlyphWidths.Measure("A", 10) + 10.2, 0.001);
    }

    [Fact]
    public async Task PdfPig_and_pdftotext_extract_the_name_with_its_extension_b_character()
    {
        var pdf = (await renderer.RenderRecordsAsync(Samples.Content(2, Name))).Pdf;

        PdfFiles.PageTexts(pdf)[0].Should().Contain("查询人姓名：吴𠮷祥，性别：男");
        PdfFiles.Squeeze(PdfFiles.Poppler("pdftotext", pdf)).Should().Contain("查询人姓名：吴𠮷祥，性别：男");
    }

    [Fact]
    public async Task Pdffonts_lists_the_fallback_font_embedded_as_a_subset_with_a_unicode_map()
    {
        var fonts = PdfFiles.Poppler("pdffonts", (await renderer.RenderRecordsAsync(Samples.Content(2, Name))).Pdf);

        var row = fonts.Split('\n').Should().ContainSingle(line => line.Contains("+EFile Han Fallback", StringComparison.Ordinal)).Subject;
        row.Should().MatchRegex("^[A-Z]{6}\\+EFile Han Fallback +CID TrueType +Identity-H +yes +yes +yes ");
        fonts.Split('\n').Should().ContainSingle(line => line.Contains("+WenQuanYi Micro Hei", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Text_the_main_font_covers_does_not_embed_the_fallback()
    {
        var fonts = PdfFiles.Poppler("pdffonts", (await renderer.RenderRecordsAsync(Samples.Content(12))).Pdf);

        fonts.Should().NotContain("Fallback");
    }

    [Fact]
    public async Task The_character_is_a_fallback_glyph_placed_where_the_layout_measured_it()
    {
        var pdf = (await renderer.RenderRecordsAsync(Samples.Content(2, Name))).Pdf;

        using var document = PigDocument.Open(pdf);
        var letters = document.GetPage(1).Letters;
        var name = NameLetters(letters);
        name[0].FontName.Should().EndWith("+WenQuanYi Micro Hei");
        name[1].FontName.Should().EndWith("+EFile Han Fallback", "𠮷 is drawn from the fallback font, not as the main font's missing glyph");
        name[2].FontName.Should().EndWith("+WenQuanYi Micro Hei");
        (name[1].StartBaseLine.X - name[0].StartBaseLine.X).Should().BeApproximately(BodySize, 0.01);
        (name[2].StartBaseLine.X - name[1].StartBaseLine.X).Should().BeApproximately(BodySize * 1.02, 0.01, "the run after the fallback starts where it ends");
        name[1].StartBaseLine.Y.Should().BeApproximately(name[0].StartBaseLine.Y, 0.001, "one baseline");
    }

    [Fact]
    public async Task The_rendered_character_is_a_glyph_and_not_the_missing_glyph_box()
    {
        var pdf = (await renderer.RenderRecordsAsync(Samples.Content(2, Name))).Pdf;
        double pageHeight, left, baseline;
        using (var document = PigDocument.Open(pdf))
        {
            var page = document.GetPage(1);
            pageHeight = page.Height;
            var letter = NameLetters(page.Letters)[1];
            (left, baseline) = (letter.StartBaseLine.X, pageHeight - letter.StartBaseLine.Y);
        }

        var drawn = Cell(pdf, left, baseline);
        var boxes = MissingGlyphBoxes();
        var box = Cell(boxes, 100, 100);
        var otherBox = Cell(boxes, 300.37, 200.61);

        var farFromBox = CountFar(drawn, box);
        var otherFarFromBox = CountFar(otherBox, box);
        output.WriteLine($"𠮷 cell {drawn.Width}x{drawn.Height} px: ink {drawn.InkCount()}, ink away from the box's {farFromBox}; "
            + $"box ink {box.InkCount()}, another box's ink away from it {otherFarFromBox}");
        drawn.InkCount().Should().BeGreaterThan(drawn.Width * drawn.Height / 20, "a glyph is drawn");
        otherFarFromBox.Should().BeLessThan(otherBox.InkCount() / 10, "the measure finds a box like a box, wherever it falls on the pixels");
        farFromBox.Should().BeGreaterThan(drawn.InkCount() / 3, "much of the ink lies where the box has none: strokes, not a frame");
    }

    [Fact]
    public async Task Names_of_fallback_characters_wrap_within_the_margins()
    {
        var name = string.Concat(Enumerable.Repeat("𠮷䶮𫖯", 16));
        var pdf = (await renderer.RenderRecordsAsync(Samples.Content(2, name))).Pdf;

        using var document = PigDocument.Open(pdf);
        var page = document.GetPage(1);
        var fallback = page.Letters.Where(letter => (letter.FontName ?? string.Empty).EndsWith("EFile Han Fallback", StringComparison.Ordinal)).ToList();
        fallback.Should().HaveCount(48);
        fallback.Select(letter => Math.Round(letter.StartBaseLine.Y)).Distinct().Should().HaveCountGreaterThan(1, "the paragraph wraps");
        fallback.Should().OnlyContain(letter => letter.StartBaseLine.X >= EFilePage.Left - 0.01 && letter.StartBaseLine.X + BodySize <= EFilePage.Right + 0.01);
        PdfFiles.Squeeze(PdfFiles.Poppler("pdftotext", pdf)).Should().Contain("查询人姓名：" + name + "，");
    }

    [Fact]
    public async Task Table_cells_with_fallback_characters_wrap_inside_their_column()
    {
        var port = "𠮷野𠮷野𠮷野口岸国际出发边检通道";
        var content = Samples.Content([new(Direction.Exit, new DateTimeOffset(2022, 5, 1, 8, 0, 0, Samples.China), DocumentKind.Passport, "E11112222", port, "MU5101")]);

        var pdf = (await renderer.RenderRecordsAsync(content)).Pdf;

        using var document = PigDocument.Open(pdf);
        var letters = document.GetPage(1).Letters.Where(letter => letter.Value == "𠮷").ToList();
        letters.Should().HaveCount(3).And.OnlyContain(letter => (letter.FontName ?? string.Empty).EndsWith("EFile Han Fallback", StringComparison.Ordinal));
        // The port column: shares 0.07 + 0.1 + 0.19 + 0.16 + 0.14 before it, 0.2 wide.
        var columnLeft = EFilePage.Left + (EFilePage.ContentWidth * 0.66);
        var columnRight = columnLeft + (EFilePage.ContentWidth * 0.2);
        letters.Should().OnlyContain(letter => letter.StartBaseLine.X > columnLeft && letter.StartBaseLine.X + 9 < columnRight);
        var text = PdfFiles.Poppler("pdftotext", pdf);
        PdfFiles.Squeeze(text).Should().Contain(port);
        text.Split('\n').Should().NotContain(line => line.Contains(port, StringComparison.Ordinal), "the port is broken over lines");
    }

    [Fact]
    public async Task Signed_and_encrypted_files_keep_the_character_extractable()
    {
        const string password = "Lj7mQ2xe9Kp";
        var pdf = (await fixture.Renderer.RenderRecordsAsync(Samples.Content(12, Name), EFileProtection.WithPassword(password))).Pdf;

        PdfFiles.Squeeze(PdfFiles.Poppler("pdftotext", pdf, "-upw", password)).Should().Contain("查询人姓名：吴𠮷祥，");
        fixture.PdfSig(pdf, "-upw", password).Output.Should().Contain("Signature is Valid.").And.Contain("Total document signed");
    }

    [Fact]
    public async Task Renderers_on_many_threads_share_the_fallback_font()
    {
        var names = new[] { "吴𠮷祥", "刘䶮", "赵孟𫖯", "𠮷野家" };

        var texts = await Task.WhenAll(names.Select(name => Task.Run(async () =>
            (name, text: PdfFiles.PageTexts((await renderer.RenderRecordsAsync(Samples.Content(3, name))).Pdf)[0]))));

        texts.Should().OnlyContain(pair => pair.text.Contains("查询人姓名：" + pair.name + "，", StringComparison.Ordinal));
    }

    private static List<(string Text, bool Fallback)> Runs(string text)
    {
        var runs = new List<(string, bool)>();
        for (var start = 0; start < text.Length;)
        {
            var length = FontCoverage.Run(text, start, out var fallback);
            runs.Add((text.Substring(start, length), fallback));
            start += length;
        }

        return runs;
    }

    /// <summary>吴, 𠮷 and 祥 of the person paragraph.</summary>
    private static List<Letter> NameLetters(IReadOnlyList<Letter> letters)
    {
        var index = letters.ToList().FindIndex(letter => letter.Value == "𠮷");
        index.Should().BePositive("PdfPig reads 𠮷 through the ToUnicode map");
        return [letters[index - 1], letters[index], letters[index + 1]];
    }

    /// <summary>One em square around a glyph at 300 dpi: from <paramref name="left"/>, the baseline in points from the top.</summary>
    private static GreyImage Cell(byte[] pdf, double left, double baseline) =>
        PdfFiles.RenderGrey(pdf, 1, Dpi, left, baseline - (0.9 * BodySize), BodySize, 1.1 * BodySize);

    /// <summary>
    /// What the e-file drew for 𠮷 before the fallback: the main font's missing glyph, same size, on baselines at (100,
    /// 100) and, falling differently on the pixels, at (300.37, 200.61).
    /// </summary>
    private static byte[] MissingGlyphBoxes()
    {
        EFileFontResolver.EnsureRegistered();
        using var document = new PdfDocument();
        var page = document.AddPage();
        page.Width = XUnitPt.FromPoint(EFilePage.Width);
        page.Height = XUnitPt.FromPoint(EFilePage.Height);
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            var font = new XFont(EFileFont.FaceName, BodySize, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
            graphics.DrawString("𠮷", font, XBrushes.Black, 100, 100, XStringFormats.BaseLineLeft);
            graphics.DrawString("𠮷", font, XBrushes.Black, 300.37, 200.61, XStringFormats.BaseLineLeft);
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    /// <summary>Ink pixels of <paramref name="image"/> with no ink of <paramref name="reference"/> within 3 pixels (0.25 pt).</summary>
    private static int CountFar(GreyImage image, GreyImage reference)
    {
        var count = 0;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                if (image.IsInk(x, y) && !reference.InkNear(Math.Min(x, reference.Width - 1), Math.Min(y, reference.Height - 1), 3))
                {
                    count++;
                }
            }
        }

        return count;
    }
}
