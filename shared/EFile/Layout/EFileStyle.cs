using EntryExit.EFile.Fonts;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace EntryExit.EFile.Layout;

/// <summary>The type and rules of the e-file. One per document: PDFsharp's drawing objects are not shared across threads.</summary>
internal sealed class EFileStyle
{
    public EFileStyle()
    {
        EFileFontResolver.EnsureRegistered();
        Issuer = new TextStyle(Font(20, bold: true), 30, FallbackText);
        DocumentName = new TextStyle(Font(16, bold: true), 26, FallbackText);
        Body = new TextStyle(Font(10.5, bold: false), 19, FallbackText);
        TableHeader = new TextStyle(Font(9, bold: true), 12, FallbackText);
        TableCell = new TextStyle(Font(9, bold: false), 11.5, FallbackText);
        Small = new TextStyle(Font(8, bold: false), 11, FallbackText);
        IssuerEnglish = English(11, bold: true, 14);
        DocumentNameEnglish = English(10, bold: true, 14);
        BodyEnglish = English(8.5, bold: false, 12.5);
        TableHeaderEnglish = English(7, bold: true, 9.5);
        TableCellEnglish = English(7, bold: false, 8.5);
        SmallEnglish = English(7, bold: false, 10);
    }

    /// <summary>What the document's styles drew with the fallback font; its ToUnicode map is written from this.</summary>
    public FallbackText FallbackText { get; } = new();

    public TextStyle Issuer { get; }

    public TextStyle DocumentName { get; }

    public TextStyle Body { get; }

    public TextStyle TableHeader { get; }

    public TextStyle TableCell { get; }

    public TextStyle Small { get; }

    // The English of bilingual e-files (Open Sans), smaller than the Chinese it translates: Chinese stays first.
    public TextStyle IssuerEnglish { get; }

    public TextStyle DocumentNameEnglish { get; }

    public TextStyle BodyEnglish { get; }

    public TextStyle TableHeaderEnglish { get; }

    public TextStyle TableCellEnglish { get; }

    public TextStyle SmallEnglish { get; }

    public XBrush HeaderFill { get; } = new XSolidBrush(XColor.FromGrayScale(0.9));

    private static XFont Font(double size, bool bold, string face = EFileFont.FaceName) =>
        new(face, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular,
            new XPdfFontOptions(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset));

    /// <summary>An Open Sans style with a CJK companion of the same size for what Open Sans cannot draw.</summary>
    private TextStyle English(double size, bool bold, double lineHeight) =>
        new(Font(size, bold, LatinFont.FaceName), lineHeight, new TextStyle(Font(size, bold), lineHeight, FallbackText));
}
