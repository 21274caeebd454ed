using System.Text;

namespace EntryExit.EFile.Fonts;

/// <summary>
/// Which font draws a character: WenQuanYi Micro Hei where it has a glyph, else the fallback font where that has one,
/// else WenQuanYi's missing-glyph box. The main font's coverage is a table of the Basic Multilingual Plane (its glyph
/// ids, 0 where it has none), so the common case (every character in the main font) costs one array read per character.
/// </summary>
internal static class FontCoverage
{
    private static readonly Lazy<MainCoverage> Main = new(LoadMain, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The index of the first UTF-16 unit the main font may not draw (any surrogate), or -1.</summary>
    public static int FirstOutsideMain(ReadOnlySpan<char> text)
    {
        var bmp = Main.Value.Bmp;
        for (var i = 0; i < text.Length; i++)
        {
            if (bmp[text[i]] == 0)
            {
                return i;
            }
        }

        return -1;
    }

    public static bool InMain(int codePoint) =>
        codePoint <= char.MaxValue ? Main.Value.Bmp[codePoint] != 0 : Main.Value.Supplementary.Contains(codePoint);

    /// <summary>The main font's glyph id for a UTF-16 unit, 0 where it has none (always for a surrogate).</summary>
    public static ushort MainGlyph(char c) => Main.Value.Bmp[c];

    /// <summary>True when the main font lacks the character and the fallback font has it (never for a lone surrogate).</summary>
    public static bool UsesFallback(int codePoint) =>
        !InMain(codePoint) && (codePoint is < 0xD800 or > 0xDFFF) && FallbackFont.CharacterMap.ContainsKey(codePoint);

    /// <summary>
    /// The length in UTF-16 units of the run at <paramref name="start"/> whose characters one font draws, and whether
    /// that font is the fallback. A surrogate pair is never split; an unpaired surrogate goes to the main font.
    /// </summary>
    public static int Run(ReadOnlySpan<char> text, int start, out bool fallback)
    {
        fallback = UsesFallbackAt(text, start, out var length);
        var end = start + length;
        while (end < text.Length && UsesFallbackAt(text, end, out length) == fallback)
        {
            end += length;
        }

        return end - start;
    }

    private static bool UsesFallbackAt(ReadOnlySpan<char> text, int index, out int length)
    {
        var c = text[index];
        if (Main.Value.Bmp[c] != 0)
        {
            length = 1;
            return false;
        }

        if (Rune.DecodeFromUtf16(text[index..], out var rune, out length) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        return UsesFallback(rune.Value);
    }

    private static MainCoverage LoadMain()
    {
        var font = EFileFont.Bytes;
        var bmp = new ushort[char.MaxValue + 1];
        var supplementary = new HashSet<int>();
        foreach (var (codePoint, glyph) in OpenTypeTables.CharacterMap(OpenTypeTables.Table(font, "cmap")))
        {
            if (codePoint <= char.MaxValue)
            {
                bmp[codePoint] = (ushort)glyph;
            }
            else
            {
                supplementary.Add(codePoint);
            }
        }

        // Surrogates are never glyphs by themselves: a pair is looked up as one code point on the slow path.
        for (var c = 0xD800; c <= 0xDFFF; c++)
        {
            bmp[c] = 0;
        }

        return new MainCoverage(bmp, supplementary);
    }

    private sealed record MainCoverage(ushort[] Bmp, HashSet<int> Supplementary);
}
