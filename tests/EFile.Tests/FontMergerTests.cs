using System.Buffers.Binary;
using System.Text;
using EntryExit.EFile.Fonts;
using EntryExit.FontSubset;

namespace EntryExit.EFile.Tests;

/// <summary>tools/FontSubset, which built the fallback font, tried on the main font's collection.</summary>
public sealed class FontMergerTests
{
    private static readonly FontNames Names = new("Test Merge", "TestMerge", "Copyright test", "Version 1", "A test", "Test licence");

    [Fact]
    public void Chosen_code_points_keep_their_outlines_and_metrics_under_new_glyph_ids()
    {
        var collection = EmbeddedCollection();
        var face = OpenTypeTables.FaceOffset(collection, 0);
        var source = OpenTypeTables.CharacterMap(OpenTypeTables.Table(collection, "cmap", face));

        var merged = FontMerger.Merge(
            [new GlyphSource(collection, 0, FontMerger.ParseRanges("4E00-4E0F,0041-0043"))], Names, new HashSet<int> { 0x4E01 });

        var map = OpenTypeTables.CharacterMap(OpenTypeTables.Table(merged, "cmap"));
        var expected = Enumerable.Range(0x41, 3).Concat(Enumerable.Range(0x4E00, 16)).Where(c => c != 0x4E01 && source.ContainsKey(c)).ToList();
        map.Keys.Order().Should().Equal(expected, "every chosen code point the source maps, less the excluded one");
        map.OrderBy(pair => pair.Key).Select(pair => pair.Value).Should().Equal(Enumerable.Range(1, expected.Count), "glyphs follow .notdef in code point order");
        var composites = 0;
        foreach (var codePoint in expected)
        {
            var original = Glyph(collection, face, source[codePoint]);
            var copy = Glyph(merged, 0, map[codePoint]);
            if (BinaryPrimitives.ReadInt16BigEndian(original) >= 0)
            {
                copy.Should().Equal(original, $"U+{codePoint:X4}'s outline");
            }
            else
            {
                // A composite glyph (WenQuanYi has some): the same data but its component's id, which came along.
                composites++;
                copy.Length.Should().Be(original.Length);
                var component = BinaryPrimitives.ReadUInt16BigEndian(copy.AsSpan(12));
                Glyph(merged, 0, component).Should().Equal(Glyph(collection, face, BinaryPrimitives.ReadUInt16BigEndian(original.AsSpan(12))));
            }

            Advance(merged, 0, map[codePoint]).Should().Be(Advance(collection, face, source[codePoint]), $"U+{codePoint:X4}'s advance");
        }

        composites.Should().BePositive("the sample reaches a composite glyph");
        OpenTypeTables.ReadUInt16(OpenTypeTables.Table(merged, "maxp"), 4).Should().BeGreaterThan((ushort)(expected.Count + 1), "components come along");

        Glyph(merged, 0, 0).Should().Equal(Glyph(collection, face, 0), ".notdef comes from the first source");
    }

    [Fact]
    public void The_merged_font_is_well_formed_and_carries_the_given_names()
    {
        var merged = FontMerger.Merge([new GlyphSource(EmbeddedCollection(), 0, FontMerger.ParseRanges("4E00-4EFF"))], Names, new HashSet<int>());

        BinaryPrimitives.ReadUInt32BigEndian(merged).Should().Be(0x00010000u);
        var tables = OpenTypeTables.Directory(merged);
        tables.Keys.Should().Contain(["OS/2", "cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post"])
            .And.NotContain(["vhea", "vmtx", "GSUB", "GPOS"], "the e-file draws horizontal text without shaping");
        OpenTypeTables.Checksum(merged).Should().Be(0xB1B0AFBA, "checkSumAdjustment balances the file");
        OpenTypeTables.ReadUInt16(OpenTypeTables.Table(merged, "head"), 50).Should().Be(1, "long loca offsets");
        Encoding.BigEndianUnicode.GetString(OpenTypeTables.Table(merged, "name")).Should().Contain("Test Merge").And.Contain("TestMerge").And.Contain("Test licence");
    }

    [Fact]
    public void Ranges_are_hexadecimal_and_inclusive()
    {
        FontMerger.ParseRanges("3400-4DBF, 3007,20000-2A6DF").Should().Equal((0x3400, 0x4DBF), (0x3007, 0x3007), (0x20000, 0x2A6DF));
        FluentActions.Invoking(() => FontMerger.ParseRanges("4DBF-3400")).Should().Throw<FormatException>();
    }

    private static byte[] EmbeddedCollection()
    {
        using var stream = typeof(EFileFont).Assembly.GetManifestResourceStream(EFileFont.ResourceName)!;
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static byte[] Glyph(byte[] font, int face, int glyph)
    {
        var longOffsets = OpenTypeTables.ReadUInt16(OpenTypeTables.Table(font, "head", face), 50) == 1;
        var loca = OpenTypeTables.Table(font, "loca", face).ToArray();
        int Location(int i) => longOffsets ? (int)OpenTypeTables.ReadUInt32(loca, 4 * i) : 2 * OpenTypeTables.ReadUInt16(loca, 2 * i);
        var start = Location(glyph);
        var end = Location(glyph + 1);
        var data = OpenTypeTables.Table(font, "glyf", face)[start..end].ToArray();

        // Glyphs may be padded differently: compare up to the end of the outline's instructions and coordinates.
        return data.AsSpan().TrimEnd((byte)0).ToArray();
    }

    private static int Advance(byte[] font, int face, int glyph)
    {
        var metrics = OpenTypeTables.ReadUInt16(OpenTypeTables.Table(font, "hhea", face), 34);
        return OpenTypeTables.ReadUInt16(OpenTypeTables.Table(font, "hmtx", face), 4 * Math.Min(glyph, metrics - 1));
    }
}
