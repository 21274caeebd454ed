using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EntryExit.Core.Reports;

/// <summary>
/// The key that signs e-files (SPEC §2.5): the issuer's certificate and a way to sign a digest with its private key.
/// The CMS is assembled around <see cref="SignDigestAsync"/>, so the private key may stay where it lives: in memory for
/// the development issuer, in Key Vault (<c>keys/{name}/{version}/sign</c>, ES256 or RS256) in Azure.
/// </summary>
public interface IEFileSigningKey
{
    /// <summary>The signing certificate; its public key must match the private key behind <see cref="SignDigestAsync"/>.</summary>
    X509Certificate2 Certificate { get; }

    /// <summary>
    /// Signs a digest computed with <paramref name="hashAlgorithm"/> (SHA-256 for e-files). ECDSA keys answer in IEEE P1363
    /// form (r‖s, as Key Vault's ES256 does); RSA keys answer a PKCS#1 v1.5 signature (as Key Vault's RS256 does).
    /// Asynchronous because the key may answer over the network; the e-file waits for it without holding a thread.
    /// </summary>
    Task<byte[]> SignDigestAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken);
}

/// <summary>
/// Where the render stage gets the signing key, asked once per e-file before drawing starts: the composition root
/// decides (the development issuer kept in the storage account, a Key Vault certificate in Azure) and may rotate it.
/// Fetching it may take a network call, so it is asynchronous, as is each signature the key makes while PDFsharp saves.
/// </summary>
public interface IEFileSigningKeyProvider
{
    Task<IEFileSigningKey> GetSigningKeyAsync(CancellationToken cancellationToken);
}
