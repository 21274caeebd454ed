using EntryExit.Core.Reports;
using EntryExit.Core.Security;
using EntryExit.EFile.Layout;
using EntryExit.EFile.Signing;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Signatures;

namespace EntryExit.EFile;

/// <summary>
/// Saves a drawn e-file: signed over the whole file when there is a key (PAdES B-B, see <see cref="CadesSignature"/>),
/// and encrypted with AES-256 (revision 6) when the e-file is emailed with the citizen's password. The owner password
/// is random and thrown away: nobody may lift the restrictions.
/// </summary>
internal static class EFileOutput
{
    public const string SignatureReason = "国家移民管理局电子文件签发";
    public const string SignatureLocation = "中国";
    public const string AppName = "EntryExit e-file";

    private const int OwnerPasswordBytes = 24;

    /// <summary>
    /// Saves with PDFsharp's <c>SaveAsync</c>, which awaits the signer (the reserved size, then the signature) instead of
    /// blocking on it, so a remote signature holds no thread while it is made.
    /// </summary>
    public static async Task<byte[]> SaveAsync(PdfDocument document, DateTimeOffset madeAt, IEFileSigningKey? key, EFileProtection protection, ISecureRandom random, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (protection.UserPassword is { } password)
        {
            var security = document.SecuritySettings;
            security.UserPassword = password;
            security.OwnerPassword = random.NextId(OwnerPasswordBytes);
            security.PermitModifyDocument = false;
            security.PermitAnnotations = false;
            security.PermitAssembleDocument = false;
            security.PermitFormsFill = false;
            document.SecurityHandler.SetEncryptionToV5();
        }

        var output = new MemoryStream();
        if (key is not null)
        {
            DigitalSignatureHandler.ForDocument(document, new PdfSigner(key, madeAt, output, cancellationToken), new DigitalSignatureOptions
            {
                AppearanceHandler = new SignatureSeal(document, madeAt),
                Rectangle = SignatureRectangle,
                PageIndex = 0,
                Reason = SignatureReason,
                Location = SignatureLocation,
                AppName = AppName,
            });
        }

        await document.SaveAsync(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary><see cref="EFilePage.SignatureBox"/> in PDF coordinates (origin bottom-left), as the widget's /Rect wants it.</summary>
    public static XRect SignatureRectangle
    {
        get
        {
            var box = EFilePage.SignatureBox;
            return new XRect(box.X, EFilePage.Height - box.Bottom, box.Width, box.Height);
        }
    }
}
