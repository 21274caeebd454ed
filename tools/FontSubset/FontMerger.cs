using System.Buffers.Binary;
using System.Text;
using EntryExit.EFile.Fonts;

namespace EntryExit.FontSubset;

/// <summary>A TrueType font to take glyphs from, and the code points wanted from it.</summary>
/// <param name="Font">The font file (a single font or a collection).</param>
/// <param name="Face">The face of a collection; 0 for a single font.</param>
/// <param name="Ranges">Inclusive code point ranges.</param>
public sealed record GlyphSource(byte[] Font, int Face, IReadOnlyList<(int First, int Last)> Ranges);

/// <summary>The names written into the new font's 'name' table.</summary>
public sealed record FontNames(string Family, string PostScriptName, string Copyright, string Version, string Description, string License);

/// <summary>
/// Builds one TrueType font from the glyphs of chosen code points of one or more TrueType fonts (glyf outlines): the
/// glyphs are renumbered in code point order after .notdef (components of composite glyphs follow, their references
/// rewritten), and cmap (formats 4 and 12), loca,
/// glyf, hmtx, maxp, hhea, head and name are written anew. The first source gives the global tables (head, hhea, OS/2,
/// post, and the hinting tables fpgm, prep, cvt, gasp); vertical metrics and layout tables are left out, as the e-file
/// draws horizontal text without shaping.
/// </summary>
public static class FontMerger
{
    /// <summary>The merged font.</summary>
    /// <param name="exclude">Code points to leave out (those another font already draws).</param>
    public static byte[] Merge(IReadOnlyList<GlyphSource> sources, FontNames names, IReadOnlySet<int> exclude)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(exclude);
        if (sources.Count == 0)
        {
            throw new ArgumentException("At least one source font is needed.", nameof(sources));
        }

        var fonts = sources.Select(source => new SourceFont(source.Font, source.Face)).ToArray();

        // Choose the glyphs: the first source that maps a code point to a non-empty glyph draws it.
        var chosen = new SortedDictionary<int, (int Source, int Glyph)>();
        for (var s = 0; s < sources.Count; s++)
        {
            foreach (var (codePoint, glyph) in fonts[s].CharacterMap)
            {
                if (!exclude.Contains(codePoint) && InRanges(codePoint, sources[s].Ranges) && !chosen.ContainsKey(codePoint)
                    && fonts[s].GlyphData(glyph).Length > 0)
                {
                    chosen.Add(codePoint, (s, glyph));
                }
            }
        }

        var glyphs = new List<(int Source, int Glyph)> { (0, 0) };
        var newIds = new Dictionary<(int Source, int Glyph), int> { [(0, 0)] = 0 };
        var cmap = new List<(int CodePoint, int Glyph)>(chosen.Count);
        foreach (var (codePoint, glyph) in chosen)
        {
            if (!newIds.TryGetValue(glyph, out var id))
            {
                id = glyphs.Count;
                glyphs.Add(glyph);
                newIds.Add(glyph, id);
            }

            cmap.Add((codePoint, id));
        }

        // Components of composite glyphs come along, after the mapped glyphs.
        for (var i = 0; i < glyphs.Count; i++)
        {
            var (source, glyph) = glyphs[i];
            foreach (var component in Components(fonts[source].GlyphData(glyph)))
            {
                if (newIds.TryAdd((source, component), glyphs.Count))
                {
                    glyphs.Add((source, component));
                }
            }
        }

        if (glyphs.Count > ushort.MaxValue)
        {
            throw new InvalidOperationException($"{glyphs.Count} glyphs: a TrueType font holds at most 65,535.");
        }

        return Write(fonts, glyphs, newIds, cmap, names);
    }

    private const ushort ArgumentsAreWords = 0x0001;
    private const ushort HasScale = 0x0008;
    private const ushort MoreComponents = 0x0020;
    private const ushort HasXAndYScale = 0x0040;
    private const ushort HasTwoByTwo = 0x0080;

    /// <summary>The glyph ids a composite glyph refers to; none for a simple glyph.</summary>
    private static List<int> Components(ReadOnlySpan<byte> glyph)
    {
        var components = new List<int>();
        foreach (var offset in ComponentOffsets(glyph))
        {
            components.Add(BinaryPrimitives.ReadUInt16BigEndian(glyph[offset..]));
        }

        return components;
    }

    /// <summary>Where a composite glyph's component glyph ids are written in its data.</summary>
    private static List<int> ComponentOffsets(ReadOnlySpan<byte> glyph)
    {
        var offsets = new List<int>();
        if (glyph.Length == 0 || BinaryPrimitives.ReadInt16BigEndian(glyph) >= 0)
        {
            return offsets;
        }

        var position = 10;
        ushort flags;
        do
        {
            flags = BinaryPrimitives.ReadUInt16BigEndian(glyph[position..]);
            offsets.Add(position + 2);
            position += 4 + ((flags & ArgumentsAreWords) != 0 ? 4 : 2);
            position += (flags & HasScale) != 0 ? 2 : (flags & HasXAndYScale) != 0 ? 4 : (flags & HasTwoByTwo) != 0 ? 8 : 0;
        }
        while ((flags & MoreComponents) != 0);

        return offsets;
    }

    /// <summary>Parses <c>4E00-9FFF,3007</c> (hexadecimal, inclusive).</summary>
    public static IReadOnlyList<(int First, int Last)> ParseRanges(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ranges = new List<(int, int)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var bounds = part.Split('-');
            var first = int.Parse(bounds[0], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
            var last = bounds.Length > 1
                ? int.Parse(bounds[1], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture)
                : first;
            if (last < first || last > 0x10FFFF)
            {
                throw new FormatException($"Not a code point range: {part}");
            }

            ranges.Add((first, last));
        }

        return ranges;
    }

    private static bool InRanges(int codePoint, IReadOnlyList<(int First, int Last)> ranges)
    {
        foreach (var (first, last) in ranges)
        {
            if (codePoint >= first && codePoint <= last)
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Write(
        SourceFont[] fonts, List<(int Source, int Glyph)> glyphs, Dictionary<(int Source, int Glyph), int> newIds, List<(int CodePoint, int Glyph)> cmap, FontNames names)
    {
        var basis = fonts[0];

        // glyf and loca (long offsets), and what head, hhea and maxp say about the outlines.
        var glyf = new MemoryStream();
        var loca = new byte[4 * (glyphs.Count + 1)];
        var advances = new ushort[glyphs.Count];
        var bearings = new short[glyphs.Count];
        short xMin = short.MaxValue, yMin = short.MaxValue, xMax = short.MinValue, yMax = short.MinValue;
        int maxPoints = 0, maxContours = 0, maxAdvance = 0;
        int minLeft = int.MaxValue, minRight = int.MaxValue, maxExtent = int.MinValue;
        var hasComposites = false;
        for (var i = 0; i < glyphs.Count; i++)
        {
            var (source, glyph) = glyphs[i];
            var font = fonts[source];
            var data = font.GlyphData(glyph);
            BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(4 * i), (uint)glyf.Length);
            var offsets = ComponentOffsets(data);
            if (offsets.Count == 0)
            {
                glyf.Write(data);
            }
            else
            {
                // A composite glyph: its components are renumbered too.
                var copy = data.ToArray();
                foreach (var offset in offsets)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(offset), (ushort)newIds[(source, BinaryPrimitives.ReadUInt16BigEndian(copy.AsSpan(offset)))]);
                }

                glyf.Write(copy);
                hasComposites = true;
            }

            while (glyf.Length % 4 != 0)
            {
                glyf.WriteByte(0);
            }

            (advances[i], bearings[i]) = font.HorizontalMetrics(glyph);
            maxAdvance = Math.Max(maxAdvance, advances[i]);
            if (data.Length == 0)
            {
                continue;
            }

            var contours = BinaryPrimitives.ReadInt16BigEndian(data);

            var gxMin = BinaryPrimitives.ReadInt16BigEndian(data[2..]);
            var gyMin = BinaryPrimitives.ReadInt16BigEndian(data[4..]);
            var gxMax = BinaryPrimitives.ReadInt16BigEndian(data[6..]);
            var gyMax = BinaryPrimitives.ReadInt16BigEndian(data[8..]);
            xMin = Math.Min(xMin, gxMin);
            yMin = Math.Min(yMin, gyMin);
            xMax = Math.Max(xMax, gxMax);
            yMax = Math.Max(yMax, gyMax);
            maxContours = Math.Max(maxContours, contours);
            if (contours > 0)
            {
                maxPoints = Math.Max(maxPoints, BinaryPrimitives.ReadUInt16BigEndian(data[(10 + (2 * (contours - 1)))..]) + 1);
            }

            minLeft = Math.Min(minLeft, bearings[i]);
            minRight = Math.Min(minRight, advances[i] - bearings[i] - (gxMax - gxMin));
            maxExtent = Math.Max(maxExtent, bearings[i] + (gxMax - gxMin));
        }

        BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(4 * glyphs.Count), (uint)glyf.Length);

        // hmtx: the advance widths stop where the rest repeat the last one.
        var metricCount = glyphs.Count;
        while (metricCount > 1 && advances[metricCount - 1] == advances[metricCount - 2])
        {
            metricCount--;
        }

        var hmtx = new byte[(4 * metricCount) + (2 * (glyphs.Count - metricCount))];
        for (var i = 0; i < glyphs.Count; i++)
        {
            if (i < metricCount)
            {
                BinaryPrimitives.WriteUInt16BigEndian(hmtx.AsSpan(4 * i), advances[i]);
                BinaryPrimitives.WriteInt16BigEndian(hmtx.AsSpan((4 * i) + 2), bearings[i]);
            }
            else
            {
                BinaryPrimitives.WriteInt16BigEndian(hmtx.AsSpan((4 * metricCount) + (2 * (i - metricCount))), bearings[i]);
            }
        }

        var head = basis.Table("head").ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(8), 0); // checkSumAdjustment, set last
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(36), xMin);
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(38), yMin);
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(40), xMax);
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(42), yMax);
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), 1); // indexToLocFormat: long

        var hhea = basis.Table("hhea").ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(hhea.AsSpan(10), (ushort)maxAdvance);
        BinaryPrimitives.WriteInt16BigEndian(hhea.AsSpan(12), (short)minLeft);
        BinaryPrimitives.WriteInt16BigEndian(hhea.AsSpan(14), (short)minRight);
        BinaryPrimitives.WriteInt16BigEndian(hhea.AsSpan(16), (short)maxExtent);
        BinaryPrimitives.WriteUInt16BigEndian(hhea.AsSpan(34), (ushort)metricCount);

        var maxp = basis.Table("maxp").ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(maxp.AsSpan(4), (ushort)glyphs.Count);
        if (maxp.Length >= 32)
        {
            // Version 1.0: the simple outline limits are recomputed; the others (hinting, and composite glyphs where
            // there are any) are the largest of the sources, which bound them.
            for (var field = 10; field < 32; field += 2)
            {
                var composite = field is 10 or 12 or 28 or 30;
                var largest = composite && !hasComposites
                    ? 0
                    : fonts.Max(font => font.Table("maxp").Length >= 32 ? BinaryPrimitives.ReadUInt16BigEndian(font.Table("maxp")[field..]) : 0);
                BinaryPrimitives.WriteUInt16BigEndian(maxp.AsSpan(field), (ushort)largest);
            }

            BinaryPrimitives.WriteUInt16BigEndian(maxp.AsSpan(6), (ushort)maxPoints);
            BinaryPrimitives.WriteUInt16BigEndian(maxp.AsSpan(8), (ushort)maxContours);
        }

        var os2 = basis.Table("OS/2").ToArray();
        if (os2.Length >= 78)
        {
            var winAscent = fonts.Max(font => BinaryPrimitives.ReadUInt16BigEndian(font.Table("OS/2")[74..]));
            var winDescent = fonts.Max(font => BinaryPrimitives.ReadUInt16BigEndian(font.Table("OS/2")[76..]));
            BinaryPrimitives.WriteUInt16BigEndian(os2.AsSpan(64), (ushort)Math.Min(cmap[0].CodePoint, 0xFFFF));
            BinaryPrimitives.WriteUInt16BigEndian(os2.AsSpan(66), (ushort)Math.Min(cmap[^1].CodePoint, 0xFFFF));
            BinaryPrimitives.WriteUInt16BigEndian(os2.AsSpan(74), winAscent);
            BinaryPrimitives.WriteUInt16BigEndian(os2.AsSpan(76), winDescent);
        }

        var post = basis.Table("post")[..32].ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(post, 0x00030000); // no glyph names

        var tables = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["head"] = head,
            ["hhea"] = hhea,
            ["maxp"] = maxp,
            ["OS/2"] = os2,
            ["hmtx"] = hmtx,
            ["cmap"] = CharacterMapTable(cmap),
            ["loca"] = loca,
            ["glyf"] = glyf.ToArray(),
            ["name"] = NameTable(names),
            ["post"] = post,
        };
        foreach (var tag in new[] { "cvt ", "fpgm", "prep", "gasp" })
        {
            if (basis.Tables.ContainsKey(tag))
            {
                tables[tag] = basis.Table(tag).ToArray();
            }
        }

        return Assemble(tables);
    }

    /// <summary>Format 4 for the Basic Multilingual Plane (Windows Unicode BMP) and format 12 for all (Windows Unicode full).</summary>
    private static byte[] CharacterMapTable(List<(int CodePoint, int Glyph)> map)
    {
        var groups = new List<(int Start, int End, int Glyph)>();
        foreach (var (codePoint, glyph) in map)
        {
            if (groups.Count > 0 && groups[^1].End == codePoint - 1 && groups[^1].Glyph + (codePoint - groups[^1].Start) == glyph)
            {
                groups[^1] = (groups[^1].Start, codePoint, groups[^1].Glyph);
            }
            else
            {
                groups.Add((codePoint, codePoint, glyph));
            }
        }

        // Format 4 segments: the BMP groups (cut at U+FFFE) and the closing 0xFFFF segment.
        var segments = groups.Where(g => g.Start < 0xFFFF)
            .Select(g => (g.Start, End: Math.Min(g.End, 0xFFFE), g.Glyph))
            .Append((Start: 0xFFFF, End: 0xFFFF, Glyph: 0))
            .ToList();
        var segCount = segments.Count;
        var format4Length = 16 + (8 * segCount);
        if (format4Length > ushort.MaxValue)
        {
            throw new InvalidOperationException("Too many format 4 segments.");
        }

        var format4 = new byte[format4Length];
        var entrySelector = (int)Math.Floor(Math.Log2(segCount));
        var searchRange = 2 * (1 << entrySelector);
        Write16(format4, 0, 4);
        Write16(format4, 2, format4Length);
        Write16(format4, 6, 2 * segCount);
        Write16(format4, 8, searchRange);
        Write16(format4, 10, entrySelector);
        Write16(format4, 12, (2 * segCount) - searchRange);
        for (var s = 0; s < segCount; s++)
        {
            var (start, end, glyph) = segments[s];
            Write16(format4, 14 + (2 * s), end);
            Write16(format4, 16 + (2 * segCount) + (2 * s), start);
            Write16(format4, 16 + (4 * segCount) + (2 * s), start == 0xFFFF ? 1 : (glyph - start) & 0xFFFF);
            // idRangeOffset stays 0.
        }

        var format12 = new byte[16 + (12 * groups.Count)];
        Write16(format12, 0, 12);
        BinaryPrimitives.WriteUInt32BigEndian(format12.AsSpan(4), (uint)format12.Length);
        BinaryPrimitives.WriteUInt32BigEndian(format12.AsSpan(12), (uint)groups.Count);
        for (var g = 0; g < groups.Count; g++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(format12.AsSpan(16 + (12 * g)), (uint)groups[g].Start);
            BinaryPrimitives.WriteUInt32BigEndian(format12.AsSpan(20 + (12 * g)), (uint)groups[g].End);
            BinaryPrimitives.WriteUInt32BigEndian(format12.AsSpan(24 + (12 * g)), (uint)groups[g].Glyph);
        }

        var header = 4 + (2 * 8);
        var table = new byte[header + format4.Length + format12.Length];
        Write16(table, 2, 2);
        Write16(table, 4, 3);
        Write16(table, 6, 1);
        BinaryPrimitives.WriteUInt32BigEndian(table.AsSpan(8), (uint)header);
        Write16(table, 12, 3);
        Write16(table, 14, 10);
        BinaryPrimitives.WriteUInt32BigEndian(table.AsSpan(16), (uint)(header + format4.Length));
        format4.CopyTo(table, header);
        format12.CopyTo(table, header + format4.Length);
        return table;
    }

    /// <summary>Windows (platform 3, Unicode BMP, US English) names in UTF-16BE.</summary>
    private static byte[] NameTable(FontNames names)
    {
        var records = new (int Id, string Text)[]
        {
            (0, names.Copyright),
            (1, names.Family),
            (2, "Regular"),
            (3, names.PostScriptName + ";" + names.Version),
            (4, names.Family),
            (5, names.Version),
            (6, names.PostScriptName),
            (10, names.Description),
            (13, names.License),
        };
        var strings = new MemoryStream();
        var table = new byte[6 + (12 * records.Length)];
        Write16(table, 2, records.Length);
        Write16(table, 4, table.Length);
        for (var i = 0; i < records.Length; i++)
        {
            var bytes = Encoding.BigEndianUnicode.GetBytes(records[i].Text);
            var record = 6 + (12 * i);
            Write16(table, record, 3);
            Write16(table, record + 2, 1);
            Write16(table, record + 4, 0x409);
            Write16(table, record + 6, records[i].Id);
            Write16(table, record + 8, bytes.Length);
            Write16(table, record + 10, (int)strings.Length);
            strings.Write(bytes);
        }

        return [.. table, .. strings.ToArray()];
    }

    /// <summary>The table directory, the tables 4-byte aligned, their checksums and head's checkSumAdjustment.</summary>
    private static byte[] Assemble(SortedDictionary<string, byte[]> tables)
    {
        var count = tables.Count;
        var entrySelector = (int)Math.Floor(Math.Log2(count));
        var searchRange = 16 * (1 << entrySelector);
        var directory = 12 + (16 * count);
        var size = directory + tables.Values.Sum(table => Align4(table.Length));
        var font = new byte[size];
        BinaryPrimitives.WriteUInt32BigEndian(font, 0x00010000);
        Write16(font, 4, count);
        Write16(font, 6, searchRange);
        Write16(font, 8, entrySelector);
        Write16(font, 10, (16 * count) - searchRange);
        var position = directory;
        var headOffset = -1;
        var index = 0;
        foreach (var (tag, data) in tables)
        {
            var record = 12 + (16 * index++);
            Encoding.ASCII.GetBytes(tag).CopyTo(font, record);
            BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(record + 4), OpenTypeTables.Checksum(data));
            BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(record + 8), (uint)position);
            BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(record + 12), (uint)data.Length);
            data.CopyTo(font, position);
            if (tag == "head")
            {
                headOffset = position;
            }

            position += Align4(data.Length);
        }

        BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(headOffset + 8), unchecked(OpenTypeTables.ChecksumMagic - OpenTypeTables.Checksum(font)));
        return font;
    }

    private static int Align4(int length) => (length + 3) & ~3;

    private static void Write16(byte[] data, int offset, int value) => BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(offset), (ushort)value);

    /// <summary>One source font's tables, glyph locations and metrics.</summary>
    private sealed class SourceFont
    {
        private readonly byte[] font;
        private readonly int[] locations;
        private readonly int metricCount;
        private readonly int glyphCount;

        public SourceFont(byte[] font, int face)
        {
            this.font = font;
            Tables = OpenTypeTables.Directory(font, OpenTypeTables.FaceOffset(font, face));
            if (!Tables.ContainsKey("glyf"))
            {
                throw new InvalidDataException("Only TrueType outlines (a 'glyf' table) can be merged; this font has none (CFF?).");
            }

            CharacterMap = OpenTypeTables.CharacterMap(Table("cmap"));
            glyphCount = OpenTypeTables.ReadUInt16(Table("maxp"), 4);
            metricCount = OpenTypeTables.ReadUInt16(Table("hhea"), 34);
            var longOffsets = OpenTypeTables.ReadUInt16(Table("head"), 50) == 1;
            var loca = Table("loca");
            locations = new int[glyphCount + 1];
            for (var i = 0; i <= glyphCount; i++)
            {
                locations[i] = longOffsets ? (int)OpenTypeTables.ReadUInt32(loca, 4 * i) : 2 * OpenTypeTables.ReadUInt16(loca, 2 * i);
            }
        }

        public Dictionary<string, (int Offset, int Length)> Tables { get; }

        public Dictionary<int, int> CharacterMap { get; }

        public ReadOnlySpan<byte> Table(string tag) =>
            Tables.TryGetValue(tag, out var table) ? font.AsSpan(table.Offset, table.Length) : throw new InvalidDataException($"No '{tag}' table.");

        public ReadOnlySpan<byte> GlyphData(int glyph)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(glyph, glyphCount);
            var start = locations[glyph];
            var end = locations[glyph + 1];
            return end <= start ? [] : Table("glyf")[start..end];
        }

        public (ushort Advance, short Bearing) HorizontalMetrics(int glyph)
        {
            var hmtx = Table("hmtx");
            var advance = OpenTypeTables.ReadUInt16(hmtx, 4 * Math.Min(glyph, metricCount - 1));
            var bearing = glyph < metricCount
                ? (short)OpenTypeTables.ReadUInt16(hmtx, (4 * glyph) + 2)
                : (short)OpenTypeTables.ReadUInt16(hmtx, (4 * metricCount) + (2 * (glyph - metricCount)));
            return (advance, bearing);
        }
    }
}
