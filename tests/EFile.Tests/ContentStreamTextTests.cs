using EntryExit.EFile.Fonts;
using EntryExit.EFile.Layout;
using PdfSharp.Drawing;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using PdfSharpDocument = PdfSharp.Pdf.PdfDocument;

namespace EntryExit.EFile.Tests;

/// <summary>
/// The table rows' text, written straight into the content stream, is what PDFsharp's DrawString would have drawn: the
/// same glyphs, places, fonts and reading order, plain after bold, and any line it cannot write drawn in its place.
/// </summary>
public sealed class ContentStreamTextTests
{
    [Fact]
    public void Each_character_gets_the_glyph_id_pdfsharp_gives_it()
    {
        var style = new EFileStyle();
        foreach (var (textStyle, covered) in new[]
        {
            (style.TableCell, Characters(c => FontCoverage.MainGlyph(c) != 0)),
            (style.TableCellEnglish, Characters(LatinFont.Covers)),
        })
        {
            covered.Length.Should().BeGreaterThan(200);
            using var document = new PdfSharpDocument();
            ushort[]? pdfsharp = null;
            document.RenderEvents.RenderTextEvent += (_, e) => pdfsharp = [.. e.CodePointGlyphIndexPairs.Select(pair => pair.GlyphIndex)];
            using (var graphics = XGraphics.FromPdfPage(document.AddPage()))
            {
                graphics.DrawString(covered, textStyle.Font, XBrushes.Black, 0, 20);
            }

            textStyle.IsPlain(covered).Should().BeTrue();
            pdfsharp.Should().Equal(covered.Select(textStyle.Glyph), $"{textStyle.Font.FontFamily.Name} maps each character as PDFsharp does");
        }
    }

    [Fact]
    public void Lines_written_directly_read_back_as_drawn_through_pdfsharp()
    {
        var direct = Draw((graphics, text, lines) => text.Draw(graphics, lines));
        var drawn = Draw((graphics, _, lines) =>
        {
            foreach (var line in lines)
            {
                line.Style.Draw(graphics, line.Text, line.X, line.LineTop);
            }
        });

        Letters(direct).Should().Equal(Letters(drawn));
        Letters(direct).Select(letter => letter.Text).Should().StartWith(["国", "家", "移", "民", "管", "理", "局", "1", "2", "出", "境"]);
    }

    [Fact]
    public void Plain_lines_after_simulated_bold_are_not_bold()
    {
        using var pdf = PdfDocument.Open(Draw((graphics, text, lines) => text.Draw(graphics, lines)));
        var letters = pdf.GetPage(1).Letters;
        letters.Where(letter => letter.Value is "国" or "家").Should().OnlyContain(letter => letter.RenderingMode == TextRenderingMode.FillThenStroke);
        letters.Where(letter => letter.Value is "出" or "E" or "x" or "福").Should().OnlyContain(letter => letter.RenderingMode == TextRenderingMode.Fill);
    }

    /// <summary>A bold title drawn by PDFsharp, then lines of both languages, one with 𠮷 that only the fallback font has.</summary>
    private static byte[] Draw(Action<XGraphics, ContentStreamText, List<PlacedText>> drawLines)
    {
        var style = new EFileStyle();
        using var document = new PdfSharpDocument();
        var page = document.AddPage();
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            style.Issuer.Draw(graphics, "国家移民管理局", 50, 40);
            List<PlacedText> lines =
            [
                new(style.TableCell, "12", 60, 100),
                new(style.TableCell, "出境", 100, 100),
                new(style.TableCellEnglish, "Exit", 102, 111.5),
                new(style.TableCell, "吴𠮷祥", 200, 100),
                new(style.TableCell, "福田", 300, 100),
                new(style.TableCellEnglish, "Futian", 301.5, 111.5),
                new(style.TableCell, "13", 60, 130),
                new(style.TableCellEnglish, "Entry (入境)", 102, 141.5),
            ];
            drawLines(graphics, new ContentStreamText(document), lines);
        }

        style.FallbackText.WriteToUnicode(document);
        using var output = new MemoryStream();
        document.Save(output);
        return output.ToArray();
    }

    private static List<(string Text, double X, double Y, string? Font, double Size)> Letters(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return [.. document.GetPage(1).Letters.Select(letter => (
            letter.Value, Math.Round(letter.StartBaseLine.X, 2), Math.Round(letter.StartBaseLine.Y, 2), letter.FontName?[(letter.FontName.IndexOf('+', StringComparison.Ordinal) + 1)..], Math.Round(letter.PointSize, 2)))];
    }

    private static string Characters(Func<char, bool> covered) =>
        new([.. Enumerable.Range(0x20, char.MaxValue - 0x20 + 1).Select(code => (char)code).Where(c => !char.IsSurrogate(c) && covered(c))]);
}
