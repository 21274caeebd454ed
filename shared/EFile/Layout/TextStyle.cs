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
    private readonly TextStyle? cjk;
    private readonly bool bold;
    private XFont? fallbackFont;

    public TextStyle(XFont font, double lineHeight, FallbackText fallbackText)
    {
        Font = font;
        LineHeight = lineHeight;
        this.fallbackText = fallbackText;
        bold = font.Style.HasFlag(XFontStyleEx.Bold);
        var metrics = font.Metrics;
        var ascent = metrics.Ascent * font.Size / metrics.UnitsPerEm;
        var descent = Math.Abs(metrics.Descent) * font.Size / metrics.UnitsPerEm;
        baseline = ((lineHeight - ascent - descent) / 2) + ascent;
        Measure = Width;
    }

    /// <summary>
    /// A Latin style (<paramref name="latinFont"/>, Open Sans) for the English of bilingual e-files: what that font cannot
    /// draw (a Chinese name, a full-width colon) is drawn by <paramref name="cjk"/> on this style's baseline.
    /// </summary>
    public TextStyle(XFont latinFont, double lineHeight, TextStyle cjk)
        : this(latinFont, lineHeight, cjk.fallbackText)
    {
        this.cjk = cjk;
    }

    public XFont Font { get; }

    public double Size => Font.Size;

    public double LineHeight { get; }

    /// <summary>The same as <see cref="Width"/>, allocated once for the wrapper.</summary>
    public MeasureText Measure { get; }

    public double Width(ReadOnlySpan<char> text)
    {
        if (cjk is null)
        {
            return GlyphWidths.Measure(text, Font.Size);
        }

        var width = 0.0;
        for (var start = 0; start < text.Length;)
        {
            var length = LatinRun(text, start, out var latin);
            var run = text.Slice(start, length);
            width += latin ? GlyphWidths.MeasureLatin(run, Font.Size, bold) : cjk.Width(run);
            start += length;
        }

        return width;
    }

    public IReadOnlyList<string> Wrap(string text, double width) => TextWrapper.Wrap(text, width, Measure);

    /// <summary>Where the baseline lies below the top of a line.</summary>
    public double Baseline => baseline;

    /// <summary>
    /// True when <see cref="Font"/> draws the whole of <paramref name="text"/> and without simulated bold: such a line is
    /// one Tj of that font, which <see cref="ContentStreamText"/> writes itself; for anything else it calls
    /// <see cref="Draw"/>.
    /// </summary>
    public bool IsPlain(string text)
    {
        if (bold || text.Length == 0)
        {
            return false;
        }

        if (cjk is null)
        {
            return FontCoverage.FirstOutsideMain(text) < 0;
        }

        return LatinRun(text, 0, out var latin) == text.Length && latin;
    }

    /// <summary>The glyph id <see cref="Font"/> draws a character of a plain text (<see cref="IsPlain"/>) with.</summary>
    public ushort Glyph(char c) => cjk is null ? FontCoverage.MainGlyph(c) : LatinFont.Glyph(c);

    public void Draw(XGraphics graphics, string text, double x, double lineTop) => DrawOnBaseline(graphics, text, x, lineTop + baseline);

    private void DrawOnBaseline(XGraphics graphics, string text, double x, double y)
    {
        if (text.Length == 0)
        {
            return;
        }

        if (cjk is not null)
        {
            DrawLatinRuns(graphics, text, x, y);
        }
        else if (FontCoverage.FirstOutsideMain(text) < 0)
        {
            DrawString(graphics, text, Font, x, y);
        }
        else
        {
            DrawRuns(graphics, text, x, y);
        }
    }

    /// <summary>Runs the Latin font draws, and between them runs the CJK style draws, each as wide as measured.</summary>
    private void DrawLatinRuns(XGraphics graphics, string text, double x, double y)
    {
        for (var start = 0; start < text.Length;)
        {
            var length = LatinRun(text, start, out var latin);
            var run = length == text.Length ? text : text.Substring(start, length);
            if (latin)
            {
                DrawString(graphics, run, Font, x, y);
            }
            else
            {
                cjk!.DrawOnBaseline(graphics, run, x, y);
            }

            x += Width(run);
            start += length;
        }
    }

    /// <summary>The length of the run at <paramref name="start"/> that the Latin font draws (or does not draw) whole.</summary>
    private static int LatinRun(ReadOnlySpan<char> text, int start, out bool latin)
    {
        latin = LatinFont.Covers(text[start]);
        var end = start + 1;
        while (end < text.Length && LatinFont.Covers(text[end]) == latin)
        {
            end++;
        }

        return end - start;
    }

    /// <summary>
    /// Draws one run with PDFsharp. Simulated bold sets the text rendering mode and character spacing, which PDFsharp
    /// leaves set after it: drawn inside q … Q, bold text leaves the page's text state as it found it (PDF's defaults),
    /// which is what <see cref="ContentStreamText"/> writes its plain lines in.
    /// </summary>
    private static void DrawString(XGraphics graphics, string text, XFont font, double x, double y)
    {
        if (!font.Bold)
        {
            graphics.DrawString(text, font, XBrushes.Black, x, y, XStringFormats.BaseLineLeft);
            return;
        }

        var state = graphics.Save();
        graphics.DrawString(text, font, XBrushes.Black, x, y, XStringFormats.BaseLineLeft);
        graphics.Restore(state);
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

            DrawString(graphics, run, font, x, y);
            x += Width(run);
            start += length;
        }
    }
}
