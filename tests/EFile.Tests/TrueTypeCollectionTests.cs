using System.Buffers.Binary;
using EntryExit.EFile.Fonts;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace EntryExit.EFile.Tests;

public sealed class TrueTypeCollectionTests
{
    private static readonly byte[] Collection = ReadEmbeddedCollection();

    [Fact]
    public void The_embedded_collection_is_the_debian_wenquanyi_micro_hei_with_two_faces()
    {
        TrueTypeCollection.IsCollection(Collection).Should().BeTrue();
        TrueTypeCollection.FaceCount(Collection).Should().Be(2);
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Collection)).Should().Be(
            "2420e8078af796b19a3f6ef13de527a1a91c1e7171eea115926c614ced1009b3",
            "the resource is the unchanged copy of Debian's fonts-wqy-microhei named in Fonts/README.md");
    }

    [Fact]
    public void An_extracted_face_is_a_well_formed_standalone_font()
    {
        var font = TrueTypeCollection.ExtractFace(Collection, 0);

        BinaryPrimitives.ReadUInt32BigEndian(font).Should().Be(0x00010000u, "TrueType outlines");
        var tableCount = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4));
        tableCount.Should().Be(20);
        var tags = new List<string>();
        for (var i = 0; i < tableCount; i++)
        {
            var record = font.AsSpan(12 + (16 * i), 16);
            var tag = System.Text.Encoding.ASCII.GetString(record[..4]);
            var checksum = BinaryPrimitives.ReadUInt32BigEndian(record[4..]);
            var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]);
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(record[12..]);
            tags.Add(tag);
            (offset % 4).Should().Be(0, $"table {tag} starts on a 4-byte boundary");
            (offset + length).Should().BeLessThanOrEqualTo(font.Length);
            if (tag == "head")
            {
                // Its checksum is taken with checkSumAdjustment zeroed; it must still match after the rewrite.
                var head = font.AsSpan(offset, length).ToArray();
                head.AsSpan(8, 4).Clear();
                OpenTypeTables.Checksum(head).Should().Be(checksum);
            }
            else
            {
                OpenTypeTables.Checksum(font.AsSpan(offset, length)).Should().Be(checksum, $"table {tag} is copied intact");
            }
        }

        tags.Should().Contain(["cmap", "glyf", "head", "hmtx", "loca", "maxp", "name"]).And.BeInAscendingOrder(StringComparer.Ordinal);
        OpenTypeTables.Checksum(font).Should().Be(0xB1B0AFBAu, "head.checkSumAdjustment balances the whole file");
    }

    [Fact]
    public void Each_face_keeps_its_own_tables()
    {
        var first = TrueTypeCollection.ExtractFace(Collection, 0);
        var second = TrueTypeCollection.ExtractFace(Collection, 1);

        second.Should().NotEqual(first, "the mono face has its own cmap, name and hmtx-related tables");
        System.Text.Encoding.BigEndianUnicode.GetString(first).Should().Contain("WenQuanYi Micro Hei");
        System.Text.Encoding.BigEndianUnicode.GetString(second).Should().Contain("WenQuanYi Micro Hei Mono");
    }

    [Fact]
    public void PdfSharp_draws_with_the_extracted_face()
    {
        EFileFontResolver.EnsureRegistered();
        using var document = new PdfDocument();
        var page = document.AddPage();
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            var font = new XFont(EFileFont.FaceName, 12, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
            font.Metrics.UnitsPerEm.Should().Be(2048);
            graphics.MeasureString("出入境", font).Width.Should().BeApproximately(36, 0.01, "CJK glyphs are one em wide");
            graphics.DrawString("出入境记录", font, XBrushes.Black, 50, 50);
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        PdfFiles.Squeeze(PdfFiles.Poppler("pdftotext", stream.ToArray())).Should().Be("出入境记录");
    }

    [Fact]
    public void The_resolver_answers_every_family_with_the_embedded_face()
    {
        EFileFontResolver.EnsureRegistered();
        var resolver = PdfSharp.Fonts.GlobalFontSettings.FontResolver!;

        resolver.Should().BeOfType<EFileFontResolver>();
        resolver.ResolveTypeface("Verdana", bold: false, italic: false)!.FaceName.Should().Be(EFileFont.FaceName);
        resolver.ResolveTypeface("Arial", bold: true, italic: false)!.MustSimulateBold.Should().BeTrue();
        new XFont("Verdana", 10).Should().NotBeNull("PDFsharp's signature appearance asks for Verdana");
        resolver.GetFont("anything").Should().BeSameAs(EFileFont.Bytes);
    }

    [Fact]
    public void Registering_again_from_many_threads_is_harmless()
    {
        Parallel.For(0, 16, _ => EFileFontResolver.EnsureRegistered());

        PdfSharp.Fonts.GlobalFontSettings.FontResolver.Should().BeOfType<EFileFontResolver>();
    }

    [Fact]
    public void Input_that_is_not_a_collection_or_a_face_that_is_not_there_is_refused()
    {
        var font = TrueTypeCollection.ExtractFace(Collection, 0);

        FluentActions.Invoking(() => TrueTypeCollection.FaceCount(font)).Should().Throw<InvalidDataException>();
        FluentActions.Invoking(() => TrueTypeCollection.ExtractFace(Collection, 2)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => TrueTypeCollection.ExtractFace(Collection.AsSpan(0, 4096), 0)).Should().Throw<InvalidDataException>();
    }

    private static byte[] ReadEmbeddedCollection()
    {
        using var stream = typeof(EFileFont).Assembly.GetManifestResourceStream(EFileFont.ResourceName)!;
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
