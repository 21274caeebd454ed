using QRCoder;

namespace EntryExit.EFile;

/// <summary>QR codes as PNG bytes, drawn by QRCoder without System.Drawing (which Linux hosts lack).</summary>
internal static class QrCodes
{
    /// <summary>Pixels per module: enough for a crisp 1-inch print; PDFsharp draws it without smoothing.</summary>
    private const int PixelsPerModule = 8;

    private static readonly byte[] Dark = [0, 0, 0, 255];
    private static readonly byte[] Light = [255, 255, 255, 255];

    /// <summary>Level M survives a smudged printout and keeps the code small enough to scan from a screen.</summary>
    public static byte[] Png(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        using var png = new PngByteQRCode(data);
        // With explicit colours QRCoder writes an indexed PNG; its default 1-bit greyscale PNG is a format PDFsharp's
        // decoder rejects ("Unsupported image format").
        return png.GetGraphic(PixelsPerModule, Dark, Light, drawQuietZones: true);
    }
}
