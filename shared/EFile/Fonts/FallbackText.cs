using System.Globalization;
using System.IO.Compression;
using System.Text;
using PdfSharp.Pdf;

namespace EntryExit.EFile.Fonts;

/// <summary>
/// The characters one document drew with the fallback font, and the ToUnicode map that lets readers extract them.
/// PDFsharp 6.2.4 writes a character outside the Basic Multilingual Plane into ToUnicode as its code point in hex
/// (<c>&lt;20BB7&gt;</c>) instead of UTF-16 (<c>&lt;D842DFB7&gt;</c>), so 𠮷 would be extracted as "₻": the fallback
/// font's map is replaced, before saving, by one written from these characters.
/// </summary>
internal sealed class FallbackText
{
    private const int EntriesPerBlock = 100; // the CMap limit for one bfchar block

    private readonly SortedSet<int> codePoints = [];

    public bool IsEmpty => codePoints.Count == 0;

    public void Record(ReadOnlySpan<char> run)
    {
        foreach (var rune in run.EnumerateRunes())
        {
            codePoints.Add(rune.Value);
        }
    }

    /// <summary>Replaces the ToUnicode map of the fallback font's PDF fonts; call after drawing and before saving.</summary>
    public void WriteToUnicode(PdfDocument document)
    {
        if (IsEmpty)
        {
            return;
        }

        var map = CMap();
        var fonts = document.Internals.GetAllObjects().OfType<PdfDictionary>()
            .Where(font => font.Elements.GetName("/Type") == "/Font" && font.Elements.GetName("/Subtype") == "/Type0"
                && font.Elements.GetName("/BaseFont").EndsWith("+" + FallbackFont.PdfBaseName, StringComparison.Ordinal))
            .ToList();
        foreach (var font in fonts)
        {
            var stream = new PdfDictionary(document);
            document.Internals.AddObject(stream);
            stream.Elements.SetName("/Filter", "/FlateDecode");
            stream.CreateStream(Deflate(map));
            font.Elements.SetReference("/ToUnicode", stream);
        }
    }

    /// <summary>A CMap from glyph ids (the CIDs of an Identity-H font) to UTF-16BE, as the PDF reference writes it.</summary>
    private byte[] CMap()
    {
        var text = new StringBuilder();
        text.Append("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n")
            .Append("/CIDSystemInfo <</Registry (Adobe)/Ordering (UCS)/Supplement 0>> def\n")
            .Append("/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n")
            .Append("1 begincodespacerange\n<0000><FFFF>\nendcodespacerange\n");
        var entries = codePoints.Where(FallbackFont.CharacterMap.ContainsKey).ToArray();
        foreach (var block in entries.Chunk(EntriesPerBlock))
        {
            text.Append(CultureInfo.InvariantCulture, $"{block.Length} beginbfchar\n");
            foreach (var codePoint in block)
            {
                var utf16 = Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(char.ConvertFromUtf32(codePoint)));
                text.Append(CultureInfo.InvariantCulture, $"<{FallbackFont.CharacterMap[codePoint]:X4}> <{utf16}>\n");
            }

            text.Append("endbfchar\n");
        }

        text.Append("endcmap CMapName currentdict /CMap defineresource pop end end");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }
}
