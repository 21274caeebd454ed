using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EntryExit.Core.Issuer;
using EntryExit.Storage.Issuer;
using EntryExit.TestSupport;

namespace EntryExit.Storage.Tests;

/// <summary>Table IssuerCertificates: every certificate that signed e-files, by its SHA-256, added once and never replaced.</summary>
[Collection(StorageCollection.Name)]
public sealed class IssuerCertificateHistoryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_recorded_certificate_is_found_by_its_sha256_and_recording_it_again_changes_nothing()
    {
        var history = new TableIssuerCertificateHistory(await TestStorage.ClientsAsync(azurite));
        using var certificate = NewCertificate();
        var sha256 = IssuerCertificateFingerprint.Sha256(certificate);

        (await history.FindAsync(sha256, CancellationToken.None)).Should().BeNull();
        await history.RecordAsync(certificate, DateTimeOffset.UtcNow, CancellationToken.None);
        await history.RecordAsync(certificate, DateTimeOffset.UtcNow.AddDays(1), CancellationToken.None);

        (await history.FindAsync(sha256, CancellationToken.None)).Should().Equal(certificate.RawData);
        sha256.Should().HaveLength(64).And.MatchRegex("^[0-9a-f]+$");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-hex")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("'or''='")]
    public async Task Anything_but_a_lower_case_sha256_finds_nothing(string key)
    {
        var history = new TableIssuerCertificateHistory(await TestStorage.ClientsAsync(azurite));

        (await history.FindAsync(key, CancellationToken.None)).Should().BeNull();
    }

    private static X509Certificate2 NewCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=issuer history test", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }
}
