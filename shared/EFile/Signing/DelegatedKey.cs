using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using EntryExit.Core.Reports;

namespace EntryExit.EFile.Signing;

/// <summary>
/// Stand-ins for the private key that <see cref="SignedCms"/> signs with: they hold only the certificate's public key
/// and hand the digest of the signed attributes to <see cref="IEFileSigningKey.SignDigest"/>. SignedCms checks the
/// answer against the certificate before it uses it.
/// </summary>
internal static class DelegatedKey
{
    public static AsymmetricAlgorithm For(IEFileSigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Certificate.GetECDsaPublicKey() is { } ecdsa)
        {
            return new DelegatedECDsa(key, ecdsa);
        }

        if (key.Certificate.GetRSAPublicKey() is { } rsa)
        {
            return new DelegatedRsa(key, rsa);
        }

        throw new NotSupportedException("E-files are signed with ECDSA or RSA keys.");
    }

    private static HashAlgorithmName HashFor(int digestLength) => digestLength switch
    {
        32 => HashAlgorithmName.SHA256,
        48 => HashAlgorithmName.SHA384,
        64 => HashAlgorithmName.SHA512,
        _ => throw new CryptographicException($"A digest of {digestLength} bytes is not one that e-files are signed with."),
    };

    private sealed class DelegatedECDsa : ECDsa
    {
        private readonly IEFileSigningKey key;
        private readonly ECDsa publicKey;

        public DelegatedECDsa(IEFileSigningKey key, ECDsa publicKey)
        {
            this.key = key;
            this.publicKey = publicKey;
            KeySizeValue = publicKey.KeySize;
            LegalKeySizesValue = [new KeySizes(publicKey.KeySize, publicKey.KeySize, 0)];
        }

        public override byte[] SignHash(byte[] hash) => key.SignDigest(hash, HashFor(hash.Length));

        public override bool VerifyHash(byte[] hash, byte[] signature) => publicKey.VerifyHash(hash, signature);

        public override ECParameters ExportParameters(bool includePrivateParameters) =>
            includePrivateParameters ? throw new CryptographicException("The private key is not here.") : publicKey.ExportParameters(false);

        public override ECParameters ExportExplicitParameters(bool includePrivateParameters) =>
            includePrivateParameters ? throw new CryptographicException("The private key is not here.") : publicKey.ExportExplicitParameters(false);

        public override void ImportParameters(ECParameters parameters) => throw new NotSupportedException();

        public override void GenerateKey(ECCurve curve) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                publicKey.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class DelegatedRsa : RSA
    {
        private readonly IEFileSigningKey key;
        private readonly RSA publicKey;

        public DelegatedRsa(IEFileSigningKey key, RSA publicKey)
        {
            this.key = key;
            this.publicKey = publicKey;
            KeySizeValue = publicKey.KeySize;
            LegalKeySizesValue = [new KeySizes(publicKey.KeySize, publicKey.KeySize, 0)];
        }

        public override byte[] SignHash(byte[] hash, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding)
        {
            if (padding != RSASignaturePadding.Pkcs1)
            {
                throw new CryptographicException("E-files are signed with PKCS#1 v1.5 padding.");
            }

            return key.SignDigest(hash, hashAlgorithm);
        }

        public override bool VerifyHash(byte[] hash, byte[] signature, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding) =>
            publicKey.VerifyHash(hash, signature, hashAlgorithm, padding);

        public override RSAParameters ExportParameters(bool includePrivateParameters) =>
            includePrivateParameters ? throw new CryptographicException("The private key is not here.") : publicKey.ExportParameters(false);

        public override void ImportParameters(RSAParameters parameters) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                publicKey.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
