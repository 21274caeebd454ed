using System.IO.Compression;

namespace EntryExit.EFile.Fonts;

/// <summary>
/// The font for what WenQuanYi Micro Hei cannot draw: CJK Extensions A–E (𠮷, U+20BB7, among them), the newest unified
/// ideographs, compatibility ideographs and Latin letters of names, from Hanazono Mincho (see README.md). It ships
/// Brotli-compressed (12.8 MB for a 30 MB font) and is unpacked on first use only: e-files whose text the main font
/// covers never touch it.
/// </summary>
internal static class FallbackFont
{
    public const string FaceName = "EFile Han Fallback";
    /// <summary>The name PDFsharp gives the font in the PDF (its family name), after the subset tag.</summary>
    public const string PdfBaseName = FaceName;

    public const string ResourceName = "EntryExit.EFile.Fonts.efile-han-fallback.ttf.br";

    private static readonly Lazy<byte[]> Font = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<Dictionary<int, int>> Map =
        new(() => OpenTypeTables.CharacterMap(OpenTypeTables.Table(Font.Value, "cmap")), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The TrueType file; PDFsharp keeps its own reference, so callers must not change it.</summary>
    public static byte[] Bytes => Font.Value;

    /// <summary>Code point → glyph id; what PDFsharp writes as the CID of each character drawn with this font.</summary>
    public static IReadOnlyDictionary<int, int> CharacterMap => Map.Value;

    private static byte[] Load()
    {
        using var stream = typeof(FallbackFont).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded font resource '{ResourceName}' is missing.");
        using var brotli = new BrotliStream(stream, CompressionMode.Decompress);
        using var font = new MemoryStream(32 << 20);
        brotli.CopyTo(font);
        return font.ToArray();
    }
}
