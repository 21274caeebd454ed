using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EntryExit.EFile.Signing;

namespace EntryExit.EFile.Tests.Signing;

public sealed class DevelopmentIssuerTests
{
    private static readonly DateTimeOffset Now = new(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);

    [Theory]
    [InlineData(EFileKeyAlgorithm.EcdsaP256)]
    [InlineData(EFileKeyAlgorithm.Rsa3072)]
    public void The_issuer_is_a_self_signed_ca_that_may_sign_documents(EFileKeyAlgorithm algorithm)
    {
        var issuer = DevelopmentIssuer.Create(new FixedClock(Now), algorithm);
        var certificate = issuer.Certificate;

        certificate.Subject.Should().Contain("CN=" + DevelopmentIssuer.CommonName).And.Contain("O=国家移民管理局").And.Contain("C=CN");
        certificate.Issuer.Should().Be(certificate.Subject);
        var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().Should().ContainSingle().Subject;
        constraints.CertificateAuthority.Should().BeTrue();
        constraints.Critical.Should().BeTrue();
        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().Should().ContainSingle().Subject;
        usage.KeyUsages.Should().HaveFlag(X509KeyUsageFlags.KeyCertSign).And.HaveFlag(X509KeyUsageFlags.DigitalSignature).And.HaveFlag(X509KeyUsageFlags.NonRepudiation);
        certificate.NotBefore.ToUniversalTime().Should().Be(Now.UtcDateTime.AddDays(-1));
        certificate.NotAfter.ToUniversalTime().Should().Be(Now.UtcDateTime.AddDays(3650));
        certificate.SignatureAlgorithm.FriendlyName.Should().Contain("sha256", because: "SHA-256 throughout");
        (algorithm == EFileKeyAlgorithm.EcdsaP256 ? certificate.GetECDsaPublicKey()?.KeySize : certificate.GetRSAPublicKey()?.KeySize)
            .Should().Be(algorithm == EFileKeyAlgorithm.EcdsaP256 ? 256 : 3072);
    }

    [Fact]
    public async Task The_pkcs12_bytes_bring_back_the_private_key_and_sign()
    {
        var issuer = DevelopmentIssuer.Create(new FixedClock(Now));

        using var key = X509SigningKey.FromPkcs12(issuer.Pkcs12);

        key.Certificate.Thumbprint.Should().Be(issuer.Certificate.Thumbprint);
        key.Certificate.HasPrivateKey.Should().BeTrue();
        var digest = SHA256.HashData("e-file"u8);
        key.Certificate.GetECDsaPublicKey()!.VerifyHash(digest, await key.SignDigestAsync(digest, HashAlgorithmName.SHA256, CancellationToken.None)).Should().BeTrue();
        issuer.CertificatePem.Should().StartWith("-----BEGIN CERTIFICATE-----");
    }

    [Fact]
    public void A_pkcs12_password_protects_the_stored_key()
    {
        var issuer = DevelopmentIssuer.Create(new FixedClock(Now), pkcs12Password: "storage-secret");

        FluentActions.Invoking(() => X509SigningKey.FromPkcs12(issuer.Pkcs12)).Should().Throw<CryptographicException>();
        using var key = X509SigningKey.FromPkcs12(issuer.Pkcs12, "storage-secret");
        key.Certificate.HasPrivateKey.Should().BeTrue();
    }

    [Fact]
    public void A_certificate_without_its_private_key_is_not_a_local_signing_key()
    {
        var issuer = DevelopmentIssuer.Create(new FixedClock(Now));
        using var publicOnly = X509CertificateLoader.LoadCertificate(issuer.Certificate.RawData);

        FluentActions.Invoking(() => new X509SigningKey(publicOnly)).Should().Throw<ArgumentException>();
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
