using EntryExit.Core.Security;
using QRCoder;
using UglyToad.PdfPig;

namespace EntryExit.EFile.Tests;

public sealed class QrCodeTests
{
    [Fact]
    public async Task The_image_on_page_one_is_the_qr_code_of_the_verification_url()
    {
        var content = Samples.Content(3);
        var pdf = (await new EFileRenderer(new SystemSecureRandom()).RenderRecordsAsync(content)).Pdf;

        using var document = PdfDocument.Open(pdf);
        var image = document.GetPage(1).GetImages().Single();
        image.TryGetBytesAsMemory(out var memory).Should().BeTrue();
        var pixels = memory.ToArray();

        // Not an independent decoder: the expected modules come from QRCoder too. What this proves is the plumbing:
        // the URL that was encoded, a 1-bit indexed image that PDFsharp kept intact, dark modules dark.
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(content.Issue.VerificationUrl.AbsoluteUri, QRCodeGenerator.ECCLevel.M);
        var modules = data.ModuleMatrix;
        var pixelsPerModule = image.WidthInSamples / modules.Count;
        image.HeightInSamples.Should().Be(image.WidthInSamples);
        (pixelsPerModule * modules.Count).Should().Be(image.WidthInSamples);
        image.BitsPerComponent.Should().Be(1);
        var stride = (image.WidthInSamples + 7) / 8;
        pixels.Length.Should().Be(stride * image.HeightInSamples);
        for (var row = 0; row < modules.Count; row++)
        {
            for (var column = 0; column < modules.Count; column++)
            {
                var y = (row * pixelsPerModule) + (pixelsPerModule / 2);
                var x = (column * pixelsPerModule) + (pixelsPerModule / 2);
                var index = (pixels[(y * stride) + (x / 8)] >> (7 - (x % 8))) & 1;
                // Palette entry 0 is black, 1 white.
                (index == 0).Should().Be(modules[row][column], $"module ({row}, {column})");
            }
        }
    }
}
