using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using EntryExit.Core.Reports;
using EntryExit.Core.Security;
using Microsoft.Extensions.Options;

namespace EntryExit.KeyVault;

/// <summary>
/// Signs e-files with a Key Vault certificate: the certificate (public part) is read from
/// <c>certificates/{name}</c>, and each signature is one <c>keys/{name}/{version}/sign</c> call over the digest of the
/// CMS signed attributes, so the private key never leaves the vault. The certificate is re-read every
/// <see cref="SigningOptions.RefreshMinutes"/>, which picks up a rotation: one caller reads it while the others wait
/// (asynchronously, on a semaphore) and then share what it read. The sign call is asynchronous too: PDFsharp's
/// <c>SaveAsync</c> awaits the signature, and no thread waits for the vault's answer.
/// </summary>
public sealed class KeyVaultSigningKeyProvider : IEFileSigningKeyProvider, IDisposable
{
    public const string Scope = "https://vault.azure.net/.default";
    private const string ApiVersion = "7.5";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpPipeline _pipeline;
    private readonly SigningOptions _options;
    private readonly Uri _vault;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Loaded? _current;

    public KeyVaultSigningKeyProvider(IOptions<SigningOptions> options, TokenCredential credential, TimeProvider clock, HttpPipelineTransport? transport = null)
    {
        _options = options.Value;
        _vault = _options.KeyVaultUri ?? throw new InvalidOperationException("Setting Signing:KeyVaultUri is required to sign with Key Vault.");
        _clock = clock;
        _pipeline = AzureRestPipeline.Build(credential, Scope, transport);
    }

    public async Task<IEFileSigningKey> GetSigningKeyAsync(CancellationToken cancellationToken)
    {
        if (Fresh(_current) is { } fresh)
        {
            return fresh;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have read it while this one waited.
            if (Fresh(_current) is { } readMeanwhile)
            {
                return readMeanwhile;
            }

            var key = await LoadAsync(cancellationToken);
            _current = new Loaded(key, _clock.GetUtcNow());
            return key;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private KeyVaultSigningKey? Fresh(Loaded? loaded) =>
        loaded is not null && loaded.At.AddMinutes(_options.RefreshMinutes) > _clock.GetUtcNow() ? loaded.Key : null;

    private async Task<KeyVaultSigningKey> LoadAsync(CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(new Uri(_vault, $"certificates/{Uri.EscapeDataString(_options.CertificateName)}?api-version={ApiVersion}"));
        await _pipeline.SendAsync(message, cancellationToken);
        var body = Read<CertificateBundle>(message.Response);
        if (body.Cer is null || body.Kid is null)
        {
            throw new RequestFailedException(message.Response.Status, "Key Vault answered without the certificate or its key id.");
        }

        return new KeyVaultSigningKey(X509CertificateLoader.LoadCertificate(Convert.FromBase64String(body.Cer)), new Uri(body.Kid), this);
    }

    internal async Task<byte[]> SignAsync(Uri keyId, string algorithm, ReadOnlyMemory<byte> digest, CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Post;
        message.Request.Uri.Reset(new Uri($"{keyId.AbsoluteUri.TrimEnd('/')}/sign?api-version={ApiVersion}"));
        message.Request.Headers.Add("Content-Type", "application/json");
        message.Request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(new SignRequest(algorithm, Base64Url.Encode(digest.Span)), Json));
        await _pipeline.SendAsync(message, cancellationToken);
        var result = Read<SignResult>(message.Response);
        return result.Value is not null && Base64Url.TryDecode(result.Value, out var signature)
            ? signature
            : throw new RequestFailedException(message.Response.Status, "Key Vault answered without a signature.");
    }

    private static T Read<T>(Response response) =>
        response.Status == 200
            ? JsonSerializer.Deserialize<T>(response.Content.ToMemory().Span, Json) ?? throw new RequestFailedException(response.Status, "Key Vault answered with an empty body.")
            : throw new RequestFailedException(response);

    private sealed record Loaded(KeyVaultSigningKey Key, DateTimeOffset At);

    private sealed record CertificateBundle(string? Kid, string? Cer);

    private sealed record SignRequest(string Alg, string Value);

    private sealed record SignResult(string? Kid, string? Value);
}

/// <summary>One version of the Key Vault certificate; signatures come from the vault (ES256 gives r‖s, RS256 PKCS#1 v1.5).</summary>
public sealed class KeyVaultSigningKey : IEFileSigningKey
{
    private readonly Uri _keyId;
    private readonly KeyVaultSigningKeyProvider _vault;
    private readonly string _algorithm;

    internal KeyVaultSigningKey(X509Certificate2 certificate, Uri keyId, KeyVaultSigningKeyProvider vault)
    {
        Certificate = certificate;
        _keyId = keyId;
        _vault = vault;
        using var ecdsa = certificate.GetECDsaPublicKey();
        _algorithm = ecdsa is not null ? "ES256" : "RS256";
    }

    public X509Certificate2 Certificate { get; }

    public Task<byte[]> SignDigestAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken) =>
        hashAlgorithm == HashAlgorithmName.SHA256
            ? _vault.SignAsync(_keyId, _algorithm, digest, cancellationToken)
            : throw new NotSupportedException("E-files are signed over SHA-256 digests.");
}
