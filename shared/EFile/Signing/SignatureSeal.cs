using System.Globalization;
using EntryExit.Core.Time;
using EntryExit.EFile.Fonts;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Annotations;
using PdfSharp.Pdf.Signatures;

namespace EntryExit.EFile.Signing;

/// <summary>
/// The signature widget's appearance at the top-left icon of page 1 (note 1 of the e-file says the signature data is
/// there): a red seal with 电子签名. PDFsharp calls it once the signature dictionary exists and before anything is
/// written, which is also the one moment to replace the dictionary's /M: PDFsharp sets it from the wall clock in the
/// host's time zone, and the e-file's signing time is its made-at time in China Standard Time.
/// </summary>
internal sealed class SignatureSeal(PdfDocument document, DateTimeOffset signingTime) : IAnnotationAppearanceHandler
{
    public const string Text = "电子签名";

    private static readonly XColor Red = XColor.FromArgb(0xD7, 0x1A, 0x21);

    public void DrawAppearance(XGraphics gfx, XRect rect)
    {
        ArgumentNullException.ThrowIfNull(gfx);
        SetSigningTime();

        var size = Math.Min(rect.Width, rect.Height);
        var centre = new XPoint(size / 2, size / 2);
        var radius = (size / 2) - 2;
        var pen = new XPen(Red, 2.2);
        gfx.DrawEllipse(pen, centre.X - radius, centre.Y - radius, radius * 2, radius * 2);
        var inner = radius - 3.2;
        gfx.DrawEllipse(new XPen(Red, 0.6), centre.X - inner, centre.Y - inner, inner * 2, inner * 2);
        DrawStar(gfx, new XPoint(centre.X, centre.Y - (radius * 0.22)), radius * 0.36);

        EFileFontResolver.EnsureRegistered();
        var font = new XFont(EFileFont.FaceName, size * 0.14, XFontStyleEx.Bold, new XPdfFontOptions(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset));
        gfx.DrawString(Text, font, new XSolidBrush(Red), new XPoint(centre.X, centre.Y + (radius * 0.5)), XStringFormats.Center);
    }

    /// <summary><c>D:yyyyMMddHHmmss+08'00'</c>, the PDF date form of the made-at time in China.</summary>
    public static string PdfDate(DateTimeOffset instant) =>
        "D:" + ChinaTime.ToChina(instant).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "+08'00'";

    private static void DrawStar(XGraphics gfx, XPoint centre, double outer)
    {
        var inner = outer * 0.382;
        var points = new XPoint[10];
        for (var i = 0; i < points.Length; i++)
        {
            var r = i % 2 == 0 ? outer : inner;
            var angle = (-90 + (i * 36)) * Math.PI / 180;
            points[i] = new XPoint(centre.X + (r * Math.Cos(angle)), centre.Y + (r * Math.Sin(angle)));
        }

        gfx.DrawPolygon(new XSolidBrush(Red), points, XFillMode.Winding);
    }

    private void SetSigningTime()
    {
        var signatures = document.Internals.GetAllObjects().OfType<PdfSignature2>().ToList();
        if (signatures.Count != 1)
        {
            throw new InvalidOperationException($"Expected the one signature dictionary PDFsharp adds, found {signatures.Count}.");
        }

        signatures[0].Elements["/M"] = new PdfString(PdfDate(signingTime));
    }
}
