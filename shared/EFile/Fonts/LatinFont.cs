namespace EntryExit.EFile.Fonts;

/// <summary>
/// The Latin font of bilingual e-files: Open Sans Regular, embedded (see README.md). Open Sans is Steve Matteson's
/// successor of Droid Sans, whose Latin glyphs WenQuanYi Micro Hei carries, so the two match in weight and shape; bold
/// is simulated for both the same way. What it cannot draw (a Chinese name inside an English line) is drawn with the
/// CJK fonts.
/// </summary>
internal static class LatinFont
{
    public const string FaceName = "Open Sans";
    public const string ResourceName = "EntryExit.EFile.Fonts.OpenSans-Regular.ttf";

    private static readonly Lazy<byte[]> Font = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<ushort[]> Glyphs = new(LoadGlyphs, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The TrueType file; PDFsharp keeps its own reference, so callers must not change it.</summary>
    public static byte[] Bytes => Font.Value;

    /// <summary>True when Open Sans has a glyph for the UTF-16 unit (never for a surrogate).</summary>
    public static bool Covers(char c) => Glyphs.Value[c] != 0;

    /// <summary>The glyph id of a UTF-16 unit, 0 where the font has none (always for a surrogate).</summary>
    public static ushort Glyph(char c) => Glyphs.Value[c];

    private static byte[] Load()
    {
        using var stream = typeof(LatinFont).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded font resource '{ResourceName}' is missing.");
        var font = new byte[stream.Length];
        stream.ReadExactly(font);
        return font;
    }

    private static ushort[] LoadGlyphs()
    {
        var glyphs = new ushort[char.MaxValue + 1];
        foreach (var (codePoint, glyph) in OpenTypeTables.CharacterMap(OpenTypeTables.Table(Bytes, "cmap")))
        {
            if (codePoint is <= char.MaxValue and (< 0xD800 or > 0xDFFF))
            {
                glyphs[codePoint] = (ushort)glyph;
            }
        }

        return glyphs;
    }
}
