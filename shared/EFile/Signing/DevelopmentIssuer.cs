using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EntryExit.EFile.Signing;

/// <summary>The kind of key a development issuer gets.</summary>
public enum EFileKeyAlgorithm
{
    /// <summary>ECDSA on P-256: a CMS of about 1 KB and the fastest signature; the default.</summary>
    EcdsaP256,

    /// <summary>RSA with a 3072-bit key: a CMS of about 2 KB.</summary>
    Rsa3072,
}

/// <summary>
/// A self-signed issuer certificate for development (SPEC §2.6): a CA (basicConstraints CA:TRUE, critical; keyCertSign)
/// that signs e-files itself, so that a verifier which trusts it (for S/MIME, as poppler's NSS needs) reports the
/// signer's certificate as trusted. The composition root creates it on first run and keeps <see cref="Pkcs12"/>.
/// </summary>
public sealed class DevelopmentIssuer
{
    public const string CommonName = "国家移民管理局 电子文件签发（开发）";
    public const string Organization = "国家移民管理局";

    private static readonly TimeSpan Validity = TimeSpan.FromDays(3650);

    private DevelopmentIssuer(X509Certificate2 certificate, byte[] pkcs12)
    {
        Certificate = certificate;
        Pkcs12 = pkcs12;
    }

    /// <summary>The certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Certificate and private key as PKCS#12 (AES-256 and SHA-256 when a password is given); keep it private.</summary>
    public byte[] Pkcs12 { get; }

    /// <summary>The public certificate for anyone to download (SPEC §2.6), PEM.</summary>
    public string CertificatePem => Certificate.ExportCertificatePem();

    /// <summary>Makes a new issuer, valid from a day before <paramref name="clock"/>'s now for ten years.</summary>
    public static DevelopmentIssuer Create(TimeProvider clock, EFileKeyAlgorithm algorithm = EFileKeyAlgorithm.EcdsaP256, string? pkcs12Password = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var name = new X500DistinguishedNameBuilder();
        name.AddCountryOrRegion("CN");
        name.AddOrganizationName(Organization);
        name.AddCommonName(CommonName);
        var subject = name.Build();

        using AsymmetricAlgorithm key = algorithm switch
        {
            EFileKeyAlgorithm.EcdsaP256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
            EFileKeyAlgorithm.Rsa3072 => RSA.Create(3072),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
        };
        var request = key is ECDsa ecdsa
            ? new CertificateRequest(subject, ecdsa, HashAlgorithmName.SHA256)
            : new CertificateRequest(subject, (RSA)key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
            critical: true));
        var subjectKeyId = new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false);
        request.CertificateExtensions.Add(subjectKeyId);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(subjectKeyId));

        var now = clock.GetUtcNow();
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.Add(Validity));
        var pkcs12 = pkcs12Password is null
            ? created.Export(X509ContentType.Pkcs12)
            : created.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, pkcs12Password);
        // Reloaded so that the key is exportable on every platform, as a stored issuer would be.
        return new DevelopmentIssuer(X509CertificateLoader.LoadPkcs12(pkcs12, pkcs12Password, X509KeyStorageFlags.Exportable), pkcs12);
    }
}
