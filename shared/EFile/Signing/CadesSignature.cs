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
/// <see cref="IEFileSigningKey.SignDigestAsync"/>, which may call out to Key Vault and is awaited between two runs of
/// SignedCms (see <see cref="DelegatedKey"/>).
/// </summary>
internal static class CadesSignature
{
    public const string SigningCertificateV2Oid = "1.2.840.113549.1.9.16.2.47";
    public const string Sha256Oid = "2.16.840.1.101.3.4.2.1";

    /// <summary>Room for what varies between two signatures with one key (ECDSA integers, the time's encoding).</summary>
    private const int SizeMargin = 64;

    private static readonly DateTimeOffset TrialTime = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // One trial per certificate: a Lazy so that callers who come together share the first one's (remote) signature.
    private static readonly ConcurrentDictionary<string, Lazy<Task<int>>> ReservedSizes = new(StringComparer.Ordinal);

    /// <summary>
    /// The bytes to reserve for the CMS of <paramref name="key"/>: one trial signature plus a margin, made once per
    /// certificate (with Key Vault, one remote signature per certificate and process). A trial that failed is not kept,
    /// so the next e-file tries again; a caller that gives up does not cancel the trial the others wait for.
    /// </summary>
    public static async Task<int> ReservedSizeAsync(IEFileSigningKey key, CancellationToken cancellationToken)
    {
        var certificate = Convert.ToHexString(key.Certificate.GetCertHash(HashAlgorithmName.SHA256));
        var trial = ReservedSizes.GetOrAdd(certificate, static (_, k) => new Lazy<Task<int>>(() => TrialSizeAsync(k)), key);
        try
        {
            return await trial.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (trial.Value.IsFaulted || trial.Value.IsCanceled)
        {
            ReservedSizes.TryRemove(KeyValuePair.Create(certificate, trial));
            throw;
        }
    }

    /// <summary>
    /// A detached CMS over <paramref name="content"/>, signed at <paramref name="signingTime"/> (never the wall clock).
    /// SignedCms asks its key synchronously, so it runs twice around the awaited signature: it is deterministic for one
    /// content, certificate and signing time, and the second run is refused any digest but the one signed.
    /// </summary>
    public static async Task<byte[]> CreateAsync(IEFileSigningKey key, byte[] content, DateTimeOffset signingTime, CancellationToken cancellationToken)
    {
        var certificate = key.Certificate;
        var (digest, hashAlgorithm) = SignedAttributesDigest(certificate, content, signingTime);
        var signature = await key.SignDigestAsync(digest, hashAlgorithm, cancellationToken);
        using var answering = DelegatedKey.Answering(certificate, digest, signature);
        return Compute(answering, certificate, content, signingTime);
    }

    private static async Task<int> TrialSizeAsync(IEFileSigningKey key) =>
        (await CreateAsync(key, [0], TrialTime, CancellationToken.None)).Length + SizeMargin;

    /// <summary>What SignedCms would ask the private key to sign: the digest of the DER-encoded signed attributes.</summary>
    private static (byte[] Digest, HashAlgorithmName HashAlgorithm) SignedAttributesDigest(X509Certificate2 certificate, byte[] content, DateTimeOffset signingTime)
    {
        using var capturing = DelegatedKey.Capturing(certificate);
        try
        {
            Compute(capturing, certificate, content, signingTime);
        }
        catch (Exception) when (capturing.Captured is not null)
        {
            // The stand-in stopped SignedCms once it had the digest (DigestCaptured, perhaps wrapped): nothing was signed.
        }

        return capturing.Captured ?? throw new CryptographicException("SignedCms finished without asking its key to sign.");
    }

    private static byte[] Compute(DelegatedKey delegated, X509Certificate2 certificate, byte[] content, DateTimeOffset signingTime)
    {
        var cms = new SignedCms(new ContentInfo(content), detached: true);
        var signer = delegated.Key is RSA rsa
            ? new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate, rsa, RSASignaturePadding.Pkcs1)
            : new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate, delegated.Key);
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
