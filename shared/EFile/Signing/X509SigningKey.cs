using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EntryExit.Core.Reports;

namespace EntryExit.EFile.Signing;

/// <summary>
/// A signing key held in this process: a certificate with its private key (ECDSA or RSA), such as the development issuer
/// loaded from its PKCS#12 bytes. It is its own provider, for a composition root that never rotates it.
/// </summary>
public sealed class X509SigningKey : IEFileSigningKey, IEFileSigningKeyProvider, IDisposable
{
    private readonly ECDsa? ecdsa;
    private readonly RSA? rsa;

    // OpenSSL-backed keys are not documented as safe for concurrent use; a signature takes well under a millisecond.
    private readonly Lock gate = new();
    private readonly Task<IEFileSigningKey> self;

    public X509SigningKey(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ecdsa = certificate.GetECDsaPrivateKey();
        rsa = ecdsa is null ? certificate.GetRSAPrivateKey() : null;
        if (ecdsa is null && rsa is null)
        {
            throw new ArgumentException("The signing certificate needs its ECDSA or RSA private key.", nameof(certificate));
        }

        Certificate = certificate;
        self = Task.FromResult<IEFileSigningKey>(this);
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>Loads a certificate with its private key from PKCS#12 bytes (as <see cref="DevelopmentIssuer"/> makes them).</summary>
    public static X509SigningKey FromPkcs12(byte[] pkcs12, string? password = null) =>
        new(X509CertificateLoader.LoadPkcs12(pkcs12, password, X509KeyStorageFlags.Exportable));

    /// <summary>Signs in memory, well under a millisecond: the answer is a completed task.</summary>
    public Task<byte[]> SignDigestAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken)
    {
        var hash = digest.ToArray();
        lock (gate)
        {
            return Task.FromResult(ecdsa is not null
                ? ecdsa.SignHash(hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
                : rsa!.SignHash(hash, hashAlgorithm, RSASignaturePadding.Pkcs1));
        }
    }

    public Task<IEFileSigningKey> GetSigningKeyAsync(CancellationToken cancellationToken) => self;

    public void Dispose()
    {
        ecdsa?.Dispose();
        rsa?.Dispose();
        Certificate.Dispose();
    }
}
