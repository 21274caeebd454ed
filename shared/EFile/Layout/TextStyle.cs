using PdfSharp.Drawing;

namespace EntryExit.EFile.Layout;

/// <summary>A font at a size with the height of its lines; draws single lines with the glyphs centred in the line.</summary>
internal sealed class TextStyle
{
    private readonly double baseline;

    public TextStyle(XFont font, double lineHeight)
    {
        Font = font;
        LineHeight = lineHeight;
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
        if (text.Length > 0)
        {
            graphics.DrawString(text, Font, XBrushes.Black, x, lineTop + baseline, XStringFormats.BaseLineLeft);
        }
    }

    public void DrawCentred(XGraphics graphics, string text, double left, double width, double lineTop) =>
        Draw(graphics, text, left + ((width - Width(text)) / 2), lineTop);

    public void DrawRight(XGraphics graphics, string text, double right, double lineTop) =>
        Draw(graphics, text, right - Width(text), lineTop);
}
