using System.Text;
using System.Text.Json;
using EntryExit.Core.Identity;
using EntryExit.Core.Import;

namespace EntryExit.Core.Tests.Import;

public sealed class PhotoLineTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F'];

    private static ImportLine Parse(string contentType, byte[] data, string idNumber = "11010519491231002X") =>
        ImportLineParser.Parse(Encoding.UTF8.GetBytes(Line(contentType, Convert.ToBase64String(data), idNumber)), Today);

    private static string Line(string contentType, string data, string idNumber = "11010519491231002X") =>
        JsonSerializer.Serialize(new { type = "photo", idNumber, contentType, data });

    [Fact]
    public void A_png_and_a_jpeg_are_recognised_by_their_magic_bytes()
    {
        var png = Parse("image/png", Png).Should().BeOfType<ImportLine.PhotoLine>().Subject;
        png.Photo.ContentType.Should().Be("image/png");
        png.Photo.Bytes.ToArray().Should().Equal(Png);
        png.IdNumber.Value.Should().Be("11010519491231002X");
        Parse("image/jpeg", Jpeg).Should().BeOfType<ImportLine.PhotoLine>().Which.Photo.ContentType.Should().Be("image/jpeg");
    }

    [Fact]
    public void A_declared_type_the_bytes_contradict_or_bytes_that_are_no_image_are_refused()
    {
        Parse("image/jpeg", Png).Should().Be(new ImportLine.Rejected("invalid_photo"));
        Parse("image/png", "GIF89a......"u8.ToArray()).Should().Be(new ImportLine.Rejected("invalid_photo"));
        Parse("image/png", []).Should().Be(new ImportLine.Rejected("invalid_photo"));
        Parse("image/gif", Png).Should().Be(new ImportLine.Rejected("invalid_content_type"));
        ImportLineParser.Parse(Encoding.UTF8.GetBytes(Line("image/png", "not base64!")), Today).Should().Be(new ImportLine.Rejected("invalid_photo"));
        Parse("image/png", Png, "110105194912310021").Should().Be(new ImportLine.Rejected("invalid_id_number"));
    }

    [Fact]
    public void At_most_one_megabyte_decoded()
    {
        var exactly = new byte[ReferencePhoto.MaxBytes];
        Png.CopyTo(exactly, 0);
        Parse("image/png", exactly).Should().BeOfType<ImportLine.PhotoLine>();

        var over = new byte[ReferencePhoto.MaxBytes + 1];
        Png.CopyTo(over, 0);
        Parse("image/png", over).Should().Be(new ImportLine.Rejected("photo_too_large"));
    }

    [Fact]
    public void A_photo_never_shows_its_bytes_when_printed()
    {
        var photo = ReferencePhoto.From(Png)!;
        photo.ToString().Should().Be("ReferencePhoto");
        Parse("image/png", Png).ToString().Should().NotContain(photo.Digest).And.NotContain(Convert.ToBase64String(Png));
    }
}

public sealed class BoundedLineReaderTests
{
    private static async Task<List<string>> ReadAll(string text, int max)
    {
        var reader = new BoundedLineReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), max);
        var lines = new List<string>();
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
        {
            lines.Add(line.TooLong ? "<too long>" : Encoding.UTF8.GetString(line.Bytes.Span));
        }

        return lines;
    }

    [Fact]
    public async Task Lines_end_at_lf_or_crlf_and_a_bom_is_dropped()
    {
        (await ReadAll("\uFEFFa\r\nbc\n\nd", 10)).Should().Equal("a", "bc", "", "d");
        (await ReadAll("a\n", 10)).Should().Equal("a");
        (await ReadAll("", 10)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_line_over_the_cap_is_reported_and_the_lines_after_it_are_still_read()
    {
        var huge = new string('x', 200_000);
        (await ReadAll($"first\n{huge}\nafter\n", 1000)).Should().Equal("first", "<too long>", "after");
        (await ReadAll("0123456789\r\n01234567890\n", 10)).Should().Equal("0123456789", "<too long>");
    }
}
