using EntryExit.EFile.Fonts;
using PdfSharp.Drawing;

namespace EntryExit.EFile.Layout;

/// <summary>
/// A font at a size with the height of its lines; draws single lines with the glyphs centred in the line. Characters
/// the main font lacks (𠮷, U+20BB7) are drawn with the fallback font on the same baseline.
/// </summary>
internal sealed class TextStyle
{
    private readonly double baseline;
    private readonly FallbackText fallbackText;
    private XFont? fallbackFont;

    public TextStyle(XFont font, double lineHeight, FallbackText fallbackText)
    {
        Font = font;
        LineHeight = lineHeight;
        this.fallbackText = fallbackText;
        var metrics = font.Metrics;
        var ascent = metrics.Ascent * font.Size / metrics.UnitsPerEm;
        var descent = Math.Abs(metrics.Descent) * font.Size / metrics.UnitsPerEm;
        baseline = ((lineHeight - ascent - descent) / 2) + ascent;
        Measure = Width;
    }

    public XFont Font { get; }

    public double Size => Font.Size;

    public double LineHeight { get; }

    /// <summary>The same as <see cref="Width"/>, allocated once for the wrapper.</summary>
    public MeasureText Measure { get; }

    public double Width(ReadOnlySpan<char> text) => GlyphWidths.Measure(text, Font.Size);

    public IReadOnlyList<string> Wrap(string text, double width) => TextWrapper.Wrap(text, width, Measure);

    public void Draw(XGraphics graphics, string text, double x, double lineTop)
    {
        if (text.Length == 0)
        {
            return;
        }

        if (FontCoverage.FirstOutsideMain(text) < 0)
        {
            graphics.DrawString(text, Font, XBrushes.Black, x, lineTop + baseline, XStringFormats.BaseLineLeft);
        }
        else
        {
            DrawRuns(graphics, text, x, lineTop + baseline);
        }
    }

    public void DrawCentred(XGraphics graphics, string text, double left, double width, double lineTop) =>
        Draw(graphics, text, left + ((width - Width(text)) / 2), lineTop);

    public void DrawRight(XGraphics graphics, string text, double right, double lineTop) =>
        Draw(graphics, text, right - Width(text), lineTop);

    /// <summary>Each run of characters one font draws, one after the other, each as wide as the layout measured it.</summary>
    private void DrawRuns(XGraphics graphics, string text, double x, double y)
    {
        var start = 0;
        while (start < text.Length)
        {
            var length = FontCoverage.Run(text, start, out var fallback);
            var run = text.Substring(start, length);
            XFont font;
            if (fallback)
            {
                // Hanazono Mincho's hairlines look faint beside the heavy strokes of the Hei: PDFsharp's simulated bold
                // (outlines stroked as well as filled) brings the weight close. It adds 2 % of the em after each
                // character, which GlyphWidths measures too.
                font = fallbackFont ??= new XFont(FallbackFont.FaceName, Font.Size, Font.Style | XFontStyleEx.Bold, Font.PdfOptions);
                fallbackText.Record(run);
            }
            else
            {
                font = Font;
            }

            graphics.DrawString(run, font, XBrushes.Black, x, y, XStringFormats.BaseLineLeft);
            x += Width(run);
            start += length;
        }
    }
}
