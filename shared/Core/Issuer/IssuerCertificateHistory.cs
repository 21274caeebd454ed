using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EntryExit.Core.Issuer;

/// <summary>
/// Every certificate the app has signed e-files with (table IssuerCertificates), so that an e-file signed before the
/// issuer certificate was rotated is still recognised as ours.
/// </summary>
public interface IIssuerCertificateHistory
{
    /// <summary>Records a signing certificate; recording one that is there already changes nothing.</summary>
    Task RecordAsync(X509Certificate2 certificate, DateTimeOffset firstUsedAt, CancellationToken cancellationToken);

    /// <summary>The DER of the recorded certificate whose SHA-256 is <paramref name="sha256"/> (lower-case hex), or null.</summary>
    Task<byte[]?> FindAsync(string sha256, CancellationToken cancellationToken);
}

public static class IssuerCertificateFingerprint
{
    /// <summary>Lower-case hex SHA-256 of the certificate's DER: the key of the history and what a verifier compares.</summary>
    public static string Sha256(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToHexStringLower(certificate.GetCertHash(HashAlgorithmName.SHA256));
    }
}
