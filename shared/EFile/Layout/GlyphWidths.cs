using System.Collections.Concurrent;
using System.Text;
using EntryExit.EFile.Fonts;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace EntryExit.EFile.Layout;

/// <summary>
/// Advance widths of the e-file's text, per code point, each measured once through PDFsharp with the font that draws it
/// (<see cref="FontCoverage"/>: the main font, or the fallback font for what the main one lacks), so that layout and
/// drawing agree. PDFsharp applies no kerning, so a string's width is the sum of its characters' widths; asking
/// PDFsharp to measure every cell of a 7,300-row table would cost more than drawing it.
/// </summary>
internal static class GlyphWidths
{
    private const double ReferenceSize = 1000;

    private static readonly float[] Bmp = CreateUnknownTable();
    private static readonly float[] Latin = CreateUnknownTable();
    private static readonly float[] LatinBold = CreateUnknownTable();
    private static readonly ConcurrentDictionary<int, float> Supplementary = new();
    private static readonly Lock Gate = new();
    private static XGraphics? measureContext;
    private static XFont? referenceFont;
    private static XFont? fallbackReferenceFont;
    private static XFont? latinReferenceFont;
    private static XFont? latinBoldReferenceFont;

    /// <summary>The width of <paramref name="text"/> in points at <paramref name="size"/>.</summary>
    public static double Measure(ReadOnlySpan<char> text, double size)
    {
        double em = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                em += Supplementary.GetOrAdd(char.ConvertToUtf32(c, text[i + 1]), MeasureCodePoint);
                i++;
                continue;
            }

            var width = Bmp[c];
            if (width < 0)
            {
                width = MeasureCodePoint(c);
                Bmp[c] = width;
            }

            em += width;
        }

        return em * size / ReferenceSize;
    }

    /// <summary>The width of <paramref name="text"/> in the Latin font; every character must be one it covers.</summary>
    /// <param name="bold">Simulated bold, which PDFsharp spaces wider.</param>
    public static double MeasureLatin(ReadOnlySpan<char> text, double size, bool bold)
    {
        var table = bold ? LatinBold : Latin;
        double em = 0;
        foreach (var c in text)
        {
            var width = table[c];
            if (width < 0)
            {
                width = MeasureLatinCharacter(c, bold);
                table[c] = width;
            }

            em += width;
        }

        return em * size / ReferenceSize;
    }

    private static float MeasureLatinCharacter(char c, bool bold)
    {
        lock (Gate)
        {
            EFileFontResolver.EnsureRegistered();
            measureContext ??= XGraphics.CreateMeasureContext(new XSize(2000, 2000), XGraphicsUnit.Point, XPageDirection.Downwards);
            var font = bold
                ? latinBoldReferenceFont ??= new XFont(LatinFont.FaceName, ReferenceSize, XFontStyleEx.Bold, new XPdfFontOptions(PdfFontEncoding.Unicode))
                : latinReferenceFont ??= new XFont(LatinFont.FaceName, ReferenceSize, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
            return (float)measureContext.MeasureString(c.ToString(), font).Width;
        }
    }

    private static float MeasureCodePoint(int codePoint)
    {
        // A lone surrogate (not a Rune) is measured as the main font's missing glyph, as it is drawn.
        var text = codePoint <= char.MaxValue ? ((char)codePoint).ToString() : new Rune(codePoint).ToString();
        var fallback = FontCoverage.UsesFallback(codePoint);
        lock (Gate)
        {
            EFileFontResolver.EnsureRegistered();
            measureContext ??= XGraphics.CreateMeasureContext(new XSize(2000, 2000), XGraphicsUnit.Point, XPageDirection.Downwards);
            // The fallback is always drawn with simulated bold (see TextStyle), which PDFsharp spaces by 2 % of the em
            // (Tc) and measures likewise.
            var font = fallback
                ? fallbackReferenceFont ??= new XFont(FallbackFont.FaceName, ReferenceSize, XFontStyleEx.Bold, new XPdfFontOptions(PdfFontEncoding.Unicode))
                : referenceFont ??= new XFont(EFileFont.FaceName, ReferenceSize, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
            return (float)measureContext.MeasureString(text, font).Width;
        }
    }

    private static float[] CreateUnknownTable()
    {
        var table = new float[char.MaxValue + 1];
        Array.Fill(table, -1f);
        return table;
    }
}
