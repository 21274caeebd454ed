using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EntryExit.Core.Problems;
using EntryExit.Core.Reports;

namespace EntryExit.Core.Issuer;

/// <summary>The issuer certificate as a file to download (SPEC §2.6).</summary>
public sealed record IssuerCertificateFile(byte[] Content, string ContentType, string FileName);

/// <summary>What a person compares before trusting the issuer certificate: its name and its SHA-256 fingerprint.</summary>
/// <param name="Sha256">Lower-case hex SHA-256 of the DER, as <see cref="IssuerCertificateFingerprint.Sha256"/>.</param>
public sealed record IssuerCertificateSummary(string Subject, string Sha256, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string Pem);

/// <summary>
/// The issuer certificate that signs e-files now, and whether a certificate is one of ours: the current one or one in
/// the history (<see cref="IIssuerCertificateHistory"/>), which <see cref="RecordingSigningKeyProvider"/> fills.
/// </summary>
public sealed class IssuerCertificates(IEFileSigningKeyProvider keys, IIssuerCertificateHistory history)
{
    private readonly ConcurrentDictionary<string, bool> _recognised = new(StringComparer.Ordinal);

    /// <summary>The certificate e-files are signed with now.</summary>
    public async Task<X509Certificate2> CurrentAsync(CancellationToken cancellationToken) =>
        (await keys.GetSigningKeyAsync(cancellationToken)).Certificate;

    /// <summary>The current certificate's name, fingerprint, validity and PEM (<c>format=json</c>).</summary>
    public async Task<IssuerCertificateSummary> SummaryAsync(CancellationToken cancellationToken)
    {
        var current = await CurrentAsync(cancellationToken);
        return new IssuerCertificateSummary(
            current.GetNameInfo(X509NameType.SimpleName, forIssuer: false),
            IssuerCertificateFingerprint.Sha256(current),
            new DateTimeOffset(current.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            new DateTimeOffset(current.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            current.ExportCertificatePem() + "\n");
    }

    /// <summary><c>pem</c> (the default) or <c>der</c>; anything else is a problem naming <c>format</c>.</summary>
    public async Task<Result<IssuerCertificateFile>> ExportAsync(string? format, CancellationToken cancellationToken)
    {
        switch (string.IsNullOrEmpty(format) ? "pem" : format.ToLowerInvariant())
        {
            case "pem":
                return new IssuerCertificateFile(Encoding.ASCII.GetBytes((await CurrentAsync(cancellationToken)).ExportCertificatePem() + "\n"), "application/x-pem-file", "issuer.pem");
            case "der":
                return new IssuerCertificateFile((await CurrentAsync(cancellationToken)).RawData, "application/pkix-cert", "issuer.cer");
            default:
                return ApiProblems.InvalidCertificateFormat();
        }
    }

    /// <summary>True for the current certificate and for every certificate e-files were signed with before (same DER).</summary>
    public async Task<bool> IsOursAsync(X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var der = certificate.RawData;
        var current = await CurrentAsync(cancellationToken);
        if (der.AsSpan().SequenceEqual(current.RawData))
        {
            return true;
        }

        var sha256 = IssuerCertificateFingerprint.Sha256(certificate);
        if (_recognised.ContainsKey(sha256))
        {
            return true;
        }

        var recorded = await history.FindAsync(sha256, cancellationToken);
        if (recorded is null || !recorded.AsSpan().SequenceEqual(der))
        {
            return false;
        }

        _recognised[sha256] = true;
        return true;
    }
}

/// <summary>
/// Wraps whichever <see cref="IEFileSigningKeyProvider"/> the composition root chose (the development issuer, Key
/// Vault) and records each certificate in the history before its first e-file is signed, so a rotation never leaves
/// an e-file whose certificate is not known as ours. A certificate seen once costs nothing afterwards; two first uses at
/// once both record it, which the history takes as one (it adds a certificate once and never replaces it).
/// </summary>
public sealed class RecordingSigningKeyProvider(IEFileSigningKeyProvider inner, IIssuerCertificateHistory history, TimeProvider clock)
    : IEFileSigningKeyProvider
{
    private readonly ConcurrentDictionary<string, bool> _recorded = new(StringComparer.Ordinal);

    public async Task<IEFileSigningKey> GetSigningKeyAsync(CancellationToken cancellationToken)
    {
        var key = await inner.GetSigningKeyAsync(cancellationToken);
        var sha256 = IssuerCertificateFingerprint.Sha256(key.Certificate);
        if (!_recorded.ContainsKey(sha256))
        {
            await history.RecordAsync(key.Certificate, clock.GetUtcNow(), cancellationToken);
            _recorded[sha256] = true;
        }

        return key;
    }
}
