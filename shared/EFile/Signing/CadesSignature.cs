using System.Collections.Concurrent;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using EntryExit.Core.Reports;

namespace EntryExit.EFile.Signing;

/// <summary>
/// The CMS of an e-file's signature, PAdES baseline B-B: detached SignedData over the signed byte ranges, SHA-256, the
/// signer's certificate only, and the signed attributes contentType, messageDigest, signingTime and
/// signingCertificateV2. <see cref="SignedCms"/> assembles it; the signature value itself comes from
/// <see cref="IEFileSigningKey.SignDigest"/>, which may call out to Key Vault.
/// </summary>
internal static class CadesSignature
{
    public const string SigningCertificateV2Oid = "1.2.840.113549.1.9.16.2.47";
    public const string Sha256Oid = "2.16.840.1.101.3.4.2.1";

    /// <summary>Room for what varies between two signatures with one key (ECDSA integers, the time's encoding).</summary>
    private const int SizeMargin = 64;

    private static readonly ConcurrentDictionary<string, int> ReservedSizes = new(StringComparer.Ordinal);

    /// <summary>
    /// The bytes to reserve for the CMS of <paramref name="key"/>: one trial signature plus a margin, made once per
    /// certificate (with Key Vault, one remote signature per certificate and process).
    /// </summary>
    public static int ReservedSize(IEFileSigningKey key) =>
        ReservedSizes.GetOrAdd(
            Convert.ToHexString(key.Certificate.GetCertHash(HashAlgorithmName.SHA256)),
            static (_, k) => Create(k, [0], new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)).Length + SizeMargin,
            key);

    /// <summary>A detached CMS over <paramref name="content"/>, signed at <paramref name="signingTime"/> (never the wall clock).</summary>
    public static byte[] Create(IEFileSigningKey key, byte[] content, DateTimeOffset signingTime)
    {
        var certificate = key.Certificate;
        var cms = new SignedCms(new ContentInfo(content), detached: true);
        using var delegated = DelegatedKey.For(key);
        var signer = delegated is RSA rsa
            ? new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate, rsa, RSASignaturePadding.Pkcs1)
            : new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate, delegated);
        signer.DigestAlgorithm = new Oid(Sha256Oid);
        signer.IncludeOption = X509IncludeOption.EndCertOnly;
        // contentType and messageDigest are added by SignedCms; PAdES B-B wants these two besides, both signed.
        signer.SignedAttributes.Add(new Pkcs9SigningTime(signingTime.UtcDateTime));
        signer.SignedAttributes.Add(SigningCertificateV2(certificate));
        cms.ComputeSignature(signer, silent: true);
        return cms.Encode();
    }

    /// <summary>
    /// signingCertificateV2 (RFC 5035): one ESSCertIDv2 with the certificate's SHA-256. hashAlgorithm is left out because
    /// SHA-256 is its DER default, and issuerSerial because EN 319 122-1 advises against it (the SignerInfo names the
    /// certificate already).
    /// </summary>
    public static AsnEncodedData SigningCertificateV2(X509Certificate2 certificate)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    writer.WriteOctetString(certificate.GetCertHash(HashAlgorithmName.SHA256));
                }
            }
        }

        return new AsnEncodedData(new Oid(SigningCertificateV2Oid), writer.Encode());
    }
}
