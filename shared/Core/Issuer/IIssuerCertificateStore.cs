namespace EntryExit.Core.Issuer;

/// <summary>
/// Where the development issuer (certificate and private key, PKCS#12) is kept between runs: in the storage account,
/// so every instance and every restart signs with the same issuer. In Azure the issuer lives in Key Vault instead.
/// </summary>
public interface IIssuerCertificateStore
{
    Task<byte[]?> FindDevelopmentIssuerAsync(CancellationToken cancellationToken);

    /// <summary>Stores the issuer unless one is there already; false when another instance stored one first.</summary>
    Task<bool> TryAddDevelopmentIssuerAsync(byte[] pkcs12, CancellationToken cancellationToken);
}
