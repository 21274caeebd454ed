using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace EntryExit.EFile.Signing;

/// <summary>
/// The stand-in for the private key that <see cref="SignedCms"/> signs with. SignedCms asks its key synchronously, while
/// the e-file's key may answer over the network, so <see cref="CadesSignature"/> runs SignedCms twice: first with a
/// stand-in that only captures the digest of the signed attributes and stops it (<see cref="Capturing"/>), then, once
/// the signature of that digest has been awaited, with one that answers it for exactly that digest and no other
/// (<see cref="Answering"/>). The stand-in holds only the certificate's public key, with which SignedCms checks the
/// answer before it uses it.
/// </summary>
internal sealed class DelegatedKey : IDisposable
{
    private readonly byte[]? expectedDigest;
    private readonly byte[]? signature;
    private readonly AsymmetricAlgorithm publicKey;

    private DelegatedKey(X509Certificate2 certificate, byte[]? expectedDigest, byte[]? signature)
    {
        this.expectedDigest = expectedDigest;
        this.signature = signature;
        if (certificate.GetECDsaPublicKey() is { } ecdsa)
        {
            (publicKey, Key) = (ecdsa, new DelegatedECDsa(this, ecdsa));
        }
        else
        {
            var rsa = certificate.GetRSAPublicKey() ?? throw new NotSupportedException("E-files are signed with ECDSA or RSA keys.");
            (publicKey, Key) = (rsa, new DelegatedRsa(this, rsa));
        }
    }

    /// <summary>What SignedCms signs with: an <see cref="ECDsa"/> or an <see cref="RSA"/>, as the certificate's key is.</summary>
    public AsymmetricAlgorithm Key { get; }

    /// <summary>The digest SignedCms asked the <see cref="Capturing"/> stand-in to sign, and its algorithm; null until it asked.</summary>
    public (byte[] Digest, HashAlgorithmName Algorithm)? Captured { get; private set; }

    /// <summary>A stand-in that records the digest it is asked to sign, then stops SignedCms with <see cref="DigestCaptured"/>.</summary>
    public static DelegatedKey Capturing(X509Certificate2 certificate) => new(certificate, null, null);

    /// <summary>A stand-in that answers <paramref name="signature"/> when asked to sign <paramref name="digest"/>, and refuses anything else.</summary>
    public static DelegatedKey Answering(X509Certificate2 certificate, byte[] digest, byte[] signature) => new(certificate, digest, signature);

    public void Dispose()
    {
        Key.Dispose();
        publicKey.Dispose();
    }

    private static HashAlgorithmName HashFor(int digestLength) => digestLength switch
    {
        32 => HashAlgorithmName.SHA256,
        48 => HashAlgorithmName.SHA384,
        64 => HashAlgorithmName.SHA512,
        _ => throw new CryptographicException($"A digest of {digestLength} bytes is not one that e-files are signed with."),
    };

    private byte[] Sign(byte[] digest, HashAlgorithmName algorithm)
    {
        if (expectedDigest is null)
        {
            Captured = ((byte[])digest.Clone(), algorithm);
            throw new DigestCaptured();
        }

        // SignedCms is deterministic for one content, certificate and signing time; anything else is a broken assumption.
        return digest.AsSpan().SequenceEqual(expectedDigest)
            ? (byte[])signature!.Clone()
            : throw new CryptographicException("SignedCms asked to sign another digest than the one the key signed.");
    }

    private static CryptographicException NoPrivateKey() => new("The private key is not here.");

    /// <summary>Stops the capturing run of SignedCms once the digest is known; never seen outside <see cref="CadesSignature"/>.</summary>
    private sealed class DigestCaptured() : Exception("The digest of the signed attributes was captured.");

    private sealed class DelegatedECDsa(DelegatedKey owner, ECDsa publicKey) : ECDsa
    {
        public override int KeySize => publicKey.KeySize;

        public override KeySizes[] LegalKeySizes => publicKey.LegalKeySizes;

        public override byte[] SignHash(byte[] hash) => owner.Sign(hash, HashFor(hash.Length));

        public override bool VerifyHash(byte[] hash, byte[] signature) => publicKey.VerifyHash(hash, signature);

        public override ECParameters ExportParameters(bool includePrivateParameters) =>
            includePrivateParameters ? throw NoPrivateKey() : publicKey.ExportParameters(false);

        public override ECParameters ExportExplicitParameters(bool includePrivateParameters) =>
            includePrivateParameters ? throw NoPrivateKey() : publicKey.ExportExplicitParameters(false);

        public override void ImportParameters(ECParameters parameters) => throw new NotSupportedException();

        public override void GenerateKey(ECCurve curve) => throw new NotSupportedException();
    }

    private sealed class DelegatedRsa(DelegatedKey owner, RSA publicKey) : RSA
    {
        public override int KeySize => publicKey.KeySize;

        public override KeySizes[] LegalKeySizes => publicKey.LegalKeySizes;

        public override byte[] SignHash(byte[] hash, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding) =>
            padding == RSASignaturePadding.Pkcs1 ? owner.Sign(hash, hashAlgorithm) : throw new CryptographicException("E-files are signed with PKCS#1 v1.5 padding.");

        public override bool VerifyHash(byte[] hash, byte[] signature, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding) =>
            publicKey.VerifyHash(hash, signature, hashAlgorithm, padding);

        public override RSAParameters ExportParameters(bool includePrivateParameters) =>
            includePrivateParameters ? throw NoPrivateKey() : publicKey.ExportParameters(false);

        public override void ImportParameters(RSAParameters parameters) => throw new NotSupportedException();
    }
}
