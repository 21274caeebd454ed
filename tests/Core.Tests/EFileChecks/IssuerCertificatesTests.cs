using System.Security.Cryptography.X509Certificates;
using System.Text;
using EntryExit.Core.Issuer;

namespace EntryExit.Core.Tests.EFileChecks;

/// <summary>The issuer certificate to download, and the history that keeps rotated certificates ours (SPEC §2.6).</summary>
public sealed class IssuerCertificatesTests
{
    private readonly TestKey current = new();
    private readonly InMemoryIssuerHistory history = new();

    [Theory]
    [InlineData(null, "application/x-pem-file", "issuer.pem")]
    [InlineData("pem", "application/x-pem-file", "issuer.pem")]
    [InlineData("PEM", "application/x-pem-file", "issuer.pem")]
    [InlineData("der", "application/pkix-cert", "issuer.cer")]
    public async Task The_current_certificate_exports_as_pem_or_der(string? format, string contentType, string fileName)
    {
        var file = (await new IssuerCertificates(new SwitchableKeys(current), history).ExportAsync(format, CancellationToken.None)).Value!;

        file.ContentType.Should().Be(contentType);
        file.FileName.Should().Be(fileName);
        var certificate = fileName.EndsWith(".pem", StringComparison.Ordinal)
            ? X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(file.Content))
            : X509CertificateLoader.LoadCertificate(file.Content);
        certificate.RawData.Should().Equal(current.Certificate.RawData);
        certificate.HasPrivateKey.Should().BeFalse();
    }

    [Theory]
    [InlineData("p12")]
    [InlineData("pfx")]
    [InlineData("cer")]
    public async Task Any_other_format_is_a_problem_naming_format(string format)
    {
        var problem = (await new IssuerCertificates(new SwitchableKeys(current), history).ExportAsync(format, CancellationToken.None)).Problem!;

        problem.Code.Should().Be("invalid_format");
        problem.Errors!.Keys.Should().Equal("format");
    }

    [Fact]
    public async Task The_recording_provider_records_each_certificate_once_before_its_first_use_and_again_after_a_rotation()
    {
        var keys = new SwitchableKeys(current);
        var recording = new RecordingSigningKeyProvider(keys, history, TimeProvider.System);
        var issuer = new IssuerCertificates(recording, history);

        (await recording.GetSigningKeyAsync(CancellationToken.None)).Should().BeSameAs(current);
        await recording.GetSigningKeyAsync(CancellationToken.None);
        history.Records.Should().Be(1);

        var rotated = new TestKey();
        keys.Key = rotated;
        (await recording.GetSigningKeyAsync(CancellationToken.None)).Should().BeSameAs(rotated);
        history.Records.Should().Be(2);

        (await issuer.IsOursAsync(current.PublicCertificate, CancellationToken.None)).Should().BeTrue("it signed e-files before the rotation");
        (await issuer.IsOursAsync(rotated.PublicCertificate, CancellationToken.None)).Should().BeTrue();
        (await issuer.IsOursAsync(new TestKey().PublicCertificate, CancellationToken.None)).Should().BeFalse();
    }

    [Fact]
    public async Task No_e_file_is_signed_with_a_certificate_that_could_not_be_recorded()
    {
        history.Fail = true;
        var recording = new RecordingSigningKeyProvider(new SwitchableKeys(current), history, TimeProvider.System);

        await recording.Invoking(r => r.GetSigningKeyAsync(CancellationToken.None)).Should().ThrowAsync<InvalidOperationException>();

        history.Fail = false;
        (await recording.GetSigningKeyAsync(CancellationToken.None)).Should().BeSameAs(current);
        history.Recorded.Should().ContainKey(IssuerCertificateFingerprint.Sha256(current.Certificate));
    }
}
