using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using EntryExit.Core.Identity;

namespace EntryExit.DemoData.Tests;

public sealed class PhotoTests(PopulationFixture population) : IClassFixture<PopulationFixture>
{
    [Fact]
    public void Every_person_but_the_no_photo_one_has_exactly_one_photo_line_with_their_own_synthetic_png()
    {
        var photos = population.Of<PhotoLine>().ToList();
        var people = population.Of<PersonLine>().Select(p => p.IdNumber).ToList();

        photos.Select(p => p.IdNumber).Should().BeEquivalentTo(people.Where(id => id != DemoIdentities.NoPhotoIdNumber));
        photos.Should().OnlyContain(p => p.ContentType == "image/png");
        foreach (var photo in photos)
        {
            photo.Data.Should().Equal(SyntheticFaces.Png(photo.IdNumber));
            ReferencePhoto.From(photo.Data)!.ContentType.Should().Be("image/png");
            photo.Data.Length.Should().BeLessThan(ReferencePhoto.MaxBytes);
        }

        // Photo lines come after every person line, so an import knows the person first.
        var lines = population.Lines.ToList();
        lines.FindIndex(l => l is PhotoLine).Should().BeGreaterThan(lines.FindLastIndex(l => l is PersonLine));
    }

    [Fact]
    public void The_no_photo_person_is_a_well_known_mainland_person_with_a_passport()
    {
        DemoIdentities.All.Should().Contain(DemoIdentities.NoPhoto);
        population.Of<PersonLine>().Should().ContainSingle(p => p.IdNumber == DemoIdentities.NoPhotoIdNumber).Which.Residency.Should().Be("mainland");
        population.Of<DocumentLine>().Should().Contain(d => d.IdNumber == DemoIdentities.NoPhotoIdNumber && d.Kind == "passport");
        DemoIdentities.HasPhoto(DemoIdentities.NoPhotoIdNumber).Should().BeFalse();
    }

    [Fact]
    public void A_synthetic_photo_is_a_well_formed_png_and_differs_from_person_to_person()
    {
        var png = SyntheticFaces.Png(DemoIdentities.CommuterIdNumber);
        png.Should().Equal(SyntheticFaces.Png(DemoIdentities.CommuterIdNumber));
        png.Should().NotEqual(SyntheticFaces.Png(DemoIdentities.SeparatorIdNumber));

        // Walk the chunks: each CRC matches, IHDR says 8-bit RGB, and IDAT inflates to one filter byte + RGB per row.
        png.AsSpan(0, 8).ToArray().Should().Equal(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
        var chunks = new List<(string Type, byte[] Data)>();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length).ToArray();
            BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length)).Should().Be(Crc32(png.AsSpan(at + 4, 4 + length)), type);
            chunks.Add((type, data));
            at += 12 + length;
        }

        chunks.Select(c => c.Type).Should().Equal("IHDR", "IDAT", "IEND");
        var header = chunks[0].Data;
        var (width, height) = (BinaryPrimitives.ReadInt32BigEndian(header), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)));
        (width, height, header[8], header[9]).Should().Be((SyntheticFaces.Width, SyntheticFaces.Height, (byte)8, (byte)2));
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(new MemoryStream(chunks[1].Data), CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        var pixels = inflated.ToArray();
        pixels.Should().HaveCount(height * (1 + width * 3));
        Enumerable.Range(0, height).Select(y => pixels[y * (1 + width * 3)]).Should().OnlyContain(filter => filter == 0);

        // A face, not a flat square: the centre (skin) differs from the corner (background).
        var row = 60 * (1 + width * 3) + 1;
        pixels.AsSpan(row + 48 * 3, 3).ToArray().Should().NotEqual(pixels.AsSpan(1, 3).ToArray());
    }

    /// <summary>CRC-32 (ISO-HDLC) written out bit by bit, independently of the generator's table.</summary>
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
