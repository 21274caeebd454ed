using System.Buffers.Binary;

namespace EntryExit.EFile.Fonts;

/// <summary>
/// Reads what the e-file needs from an OpenType/TrueType font: where its tables are and its character map. Shared with
/// <c>tools/FontSubset</c>, which builds the fallback font (linked there as source).
/// </summary>
internal static class OpenTypeTables
{
    public const uint CollectionTag = 0x74746366; // 'ttcf'

    /// <summary>What the checksum of a whole font comes to once head's checkSumAdjustment is set.</summary>
    public const uint ChecksumMagic = 0xB1B0AFBA;

    /// <summary>The table records of the font that starts at <paramref name="faceOffset"/> (0, or a face of a collection).</summary>
    public static Dictionary<string, (int Offset, int Length)> Directory(ReadOnlySpan<byte> font, int faceOffset = 0)
    {
        var count = ReadUInt16(font, faceOffset + 4);
        var tables = new Dictionary<string, (int Offset, int Length)>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var record = faceOffset + 12 + (16 * i);
            var tag = System.Text.Encoding.ASCII.GetString(Slice(font, record, 4));
            var offset = (int)ReadUInt32(font, record + 8);
            var length = (int)ReadUInt32(font, record + 12);
            _ = Slice(font, offset, length);
            tables[tag] = (offset, length);
        }

        return tables;
    }

    /// <summary>The start of face <paramref name="face"/>: 0 for a single font, its offset for a collection.</summary>
    public static int FaceOffset(ReadOnlySpan<byte> font, int face)
    {
        if (font.Length < 12 || BinaryPrimitives.ReadUInt32BigEndian(font) != CollectionTag)
        {
            return face == 0 ? 0 : throw new ArgumentOutOfRangeException(nameof(face), "Not a collection: the only face is 0.");
        }

        var count = (int)ReadUInt32(font, 8);
        ArgumentOutOfRangeException.ThrowIfNegative(face);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(face, count);
        return (int)ReadUInt32(font, 12 + (4 * face));
    }

    public static ReadOnlySpan<byte> Table(ReadOnlySpan<byte> font, string tag, int faceOffset = 0) =>
        Directory(font, faceOffset).TryGetValue(tag, out var table)
            ? font.Slice(table.Offset, table.Length)
            : throw new InvalidDataException($"The font has no '{tag}' table.");

    /// <summary>
    /// Code point → glyph id from the Unicode subtables of a 'cmap' table: format 4 (the Basic Multilingual Plane) and
    /// format 12 (every plane), the latter winning where both exist. Code points mapped to glyph 0 are left out.
    /// </summary>
    public static Dictionary<int, int> CharacterMap(ReadOnlySpan<byte> cmap)
    {
        var map = new Dictionary<int, int>();
        var count = ReadUInt16(cmap, 2);
        var format4 = -1;
        var format12 = -1;
        for (var i = 0; i < count; i++)
        {
            var platform = ReadUInt16(cmap, 4 + (8 * i));
            var encoding = ReadUInt16(cmap, 6 + (8 * i));
            var offset = (int)ReadUInt32(cmap, 8 + (8 * i));
            var unicode = platform == 0 || (platform == 3 && encoding is 1 or 10);
            if (!unicode)
            {
                continue;
            }

            var format = ReadUInt16(cmap, offset);
            if (format == 4 && format4 < 0)
            {
                format4 = offset;
            }
            else if (format == 12 && format12 < 0)
            {
                format12 = offset;
            }
        }

        if (format4 < 0 && format12 < 0)
        {
            throw new InvalidDataException("The font has no Unicode character map of format 4 or 12.");
        }

        if (format4 >= 0)
        {
            ReadFormat4(cmap[format4..], map);
        }

        if (format12 >= 0)
        {
            ReadFormat12(cmap[format12..], map);
        }

        return map;
    }

    private static void ReadFormat4(ReadOnlySpan<byte> table, Dictionary<int, int> map)
    {
        var segments = ReadUInt16(table, 6) / 2;
        var ends = 14;
        var starts = ends + (2 * segments) + 2;
        var deltas = starts + (2 * segments);
        var rangeOffsets = deltas + (2 * segments);
        for (var s = 0; s < segments; s++)
        {
            int end = ReadUInt16(table, ends + (2 * s));
            int start = ReadUInt16(table, starts + (2 * s));
            var delta = ReadUInt16(table, deltas + (2 * s));
            var rangeOffset = ReadUInt16(table, rangeOffsets + (2 * s));
            for (var c = start; c <= end && c != 0xFFFF; c++)
            {
                int glyph;
                if (rangeOffset == 0)
                {
                    glyph = (c + delta) & 0xFFFF;
                }
                else
                {
                    var at = rangeOffsets + (2 * s) + rangeOffset + (2 * (c - start));
                    glyph = ReadUInt16(table, at);
                    if (glyph != 0)
                    {
                        glyph = (glyph + delta) & 0xFFFF;
                    }
                }

                if (glyph != 0)
                {
                    map[c] = glyph;
                }
            }
        }
    }

    private static void ReadFormat12(ReadOnlySpan<byte> table, Dictionary<int, int> map)
    {
        var groups = (int)ReadUInt32(table, 12);
        for (var g = 0; g < groups; g++)
        {
            var start = (int)ReadUInt32(table, 16 + (12 * g));
            var end = (int)ReadUInt32(table, 20 + (12 * g));
            var glyph = (int)ReadUInt32(table, 24 + (12 * g));
            if (end < start || end > 0x10FFFF)
            {
                throw new InvalidDataException("A format 12 character map group is out of range.");
            }

            for (var c = start; c <= end; c++, glyph++)
            {
                if (glyph != 0)
                {
                    map[c] = glyph;
                }
            }
        }
    }

    /// <summary>The sum of the big-endian 32-bit words, the last one zero-padded, as the OpenType checksums define it.</summary>
    public static uint Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        var whole = data.Length & ~3;
        for (var i = 0; i < whole; i += 4)
        {
            sum = unchecked(sum + BinaryPrimitives.ReadUInt32BigEndian(data[i..]));
        }

        if (whole < data.Length)
        {
            Span<byte> last = stackalloc byte[4];
            last.Clear();
            data[whole..].CopyTo(last);
            sum = unchecked(sum + BinaryPrimitives.ReadUInt32BigEndian(last));
        }

        return sum;
    }

    public static ushort ReadUInt16(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt16BigEndian(Slice(data, offset, 2));

    public static uint ReadUInt32(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt32BigEndian(Slice(data, offset, 4));

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> data, int offset, int length) =>
        offset >= 0 && length >= 0 && (long)offset + length <= data.Length
            ? data.Slice(offset, length)
            : throw new InvalidDataException("A font table or record lies outside the file.");
}
