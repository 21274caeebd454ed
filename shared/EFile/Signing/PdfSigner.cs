using System.Security.Cryptography.X509Certificates;
using System.Text;
using EntryExit.Core.Reports;
using PdfSharp.Pdf.Signatures;

namespace EntryExit.EFile.Signing;

/// <summary>
/// PDFsharp's hook for one document's signature. PDFsharp writes the whole file into <paramref name="output"/>, then
/// asks for the CMS over every byte but the /Contents placeholder. Before those bytes are read, the SubFilter it
/// hard-codes (<c>adbe.pkcs7.detached</c>) is changed in place to <c>ETSI.CAdES.detached</c>, the PAdES one: a name of
/// the same length, never encrypted, inside the signed range, so the hash covers the file as it is finally stored.
/// </summary>
internal sealed class PdfSigner(IEFileSigningKey key, DateTimeOffset signingTime, MemoryStream output, CancellationToken cancellationToken) : IDigitalSigner
{
    private static readonly byte[] PdfSharpSubFilter = Encoding.ASCII.GetBytes("/SubFilter/adbe.pkcs7.detached");
    private static readonly byte[] PadesSubFilter = Encoding.ASCII.GetBytes("/SubFilter/ETSI.CAdES.detached");

    public string CertificateName => key.Certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);

    public Task<int> GetSignatureSizeAsync() => CadesSignature.ReservedSizeAsync(key, cancellationToken);

    public async Task<byte[]> GetSignatureAsync(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        PatchSubFilter(output.GetBuffer().AsSpan(0, checked((int)output.Length)));

        // PDFsharp's ranged stream cannot say whether it seeks (CanSeek throws), starts at its end, and reads small
        // chunks byte by byte: rewind it and ask for everything at once.
        stream.Position = 0;
        var signed = new byte[checked((int)stream.Length)];
        var read = 0;
        while (read < signed.Length)
        {
            var count = stream.Read(signed, read, signed.Length - read);
            if (count <= 0)
            {
                throw new InvalidOperationException($"The signed range ended after {read} of {signed.Length} bytes.");
            }

            read += count;
        }

        return await CadesSignature.CreateAsync(key, signed, signingTime, cancellationToken);
    }

    /// <summary>Exactly one SubFilter is expected: anything else means PDFsharp changed and the patch must be revisited.</summary>
    internal static void PatchSubFilter(Span<byte> file)
    {
        var at = file.IndexOf(PdfSharpSubFilter);
        if (at < 0 || file[(at + 1)..].IndexOf(PdfSharpSubFilter) >= 0 || file.IndexOf(PadesSubFilter) >= 0)
        {
            throw new InvalidOperationException("Expected exactly one /SubFilter/adbe.pkcs7.detached in the file PDFsharp wrote.");
        }

        PadesSubFilter.CopyTo(file[at..]);
    }
}
