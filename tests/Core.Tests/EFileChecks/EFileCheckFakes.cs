using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EntryExit.Core.EFileChecks;
using EntryExit.Core.Issuer;
using EntryExit.Core.Reports;

namespace EntryExit.Core.Tests.EFileChecks;

/// <summary>Self-signed certificates with their keys, as issuer certificates and forgers' certificates.</summary>
internal sealed class TestKey : IEFileSigningKey
{
    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestKey(string commonName = "国家移民管理局 电子文件签发（开发）")
    {
        var request = new CertificateRequest("CN=" + commonName, key, HashAlgorithmName.SHA256);
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    public X509Certificate2 Certificate { get; }

    public Task<byte[]> SignDigestAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken) =>
        Task.FromResult(key.SignHash(digest.ToArray()));

    /// <summary>The certificate alone, as a verifier finds it in a CMS.</summary>
    public X509Certificate2 PublicCertificate => X509CertificateLoader.LoadCertificate(Certificate.RawData);
}

/// <summary>A provider whose key can be swapped, as a rotation does; counts how often it is asked.</summary>
internal sealed class SwitchableKeys(IEFileSigningKey key) : IEFileSigningKeyProvider
{
    public IEFileSigningKey Key { get; set; } = key;

    public int Calls { get; private set; }

    public Task<IEFileSigningKey> GetSigningKeyAsync(CancellationToken cancellationToken)
    {
        Calls++;
        return Task.FromResult(Key);
    }
}

internal sealed class InMemoryIssuerHistory : IIssuerCertificateHistory
{
    public ConcurrentDictionary<string, byte[]> Recorded { get; } = new();

    public int Records { get; private set; }

    public bool Fail { get; set; }

    public Task RecordAsync(X509Certificate2 certificate, DateTimeOffset firstUsedAt, CancellationToken cancellationToken)
    {
        if (Fail)
        {
            throw new InvalidOperationException("Storage is down.");
        }

        Records++;
        Recorded.TryAdd(IssuerCertificateFingerprint.Sha256(certificate), certificate.RawData);
        return Task.CompletedTask;
    }

    public Task<byte[]?> FindAsync(string sha256, CancellationToken cancellationToken) =>
        Task.FromResult(Recorded.TryGetValue(sha256, out var der) ? der : null);
}

/// <summary>Answers what it is told: the reader's job is tested in EFile.Tests, the service's decisions here.</summary>
internal sealed class ScriptedReader : ISignedPdfReader
{
    public SignedPdfReading Answer { get; set; } = new(SignedPdfOutcome.Read);

    public string? PasswordSeen { get; private set; }

    public SignedPdfReading Read(ReadOnlyMemory<byte> pdf, string? password)
    {
        PasswordSeen = password;
        return Answer;
    }
}
