using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using EntryExit.Core.Security;
using EntryExit.KeyVault;
using EntryExit.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace EntryExit.EFile.Tests.Signing;

/// <summary>
/// E-files signed through Key Vault's REST API (a local HTTPS listener that answers like the vault and holds the
/// development issuer's key, as a vault holds its key): pdfsig trusts the result, and the key never left the "vault".
/// </summary>
public sealed class KeyVaultSigningTests(SigningFixture fixture) : IClassFixture<SigningFixture>, IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Method, string Path, string Authorization, string Body)> _requests = new();
    private readonly RecordingCredential _credential = new("vault-test-token");
    private LoopbackHttpsServer _vault = null!;

    public async Task InitializeAsync() => _vault = await LoopbackHttpsServer.StartAsync(AnswerAsync);

    public async Task DisposeAsync()
    {
        await _vault.DisposeAsync();

        // Every token the provider asked for was for Key Vault, and nothing else.
        _credential.RequestedScopes.Should().OnlyContain(scopes => scopes.SequenceEqual(new[] { KeyVaultSigningKeyProvider.Scope }));
    }

    [Fact]
    public async Task An_e_file_signed_in_the_vault_is_valid_and_trusted()
    {
        var provider = Provider();
        var renderer = new RecordsEFileRenderer(provider, new SystemSecureRandom());

        var pdf = renderer.RenderRecords(Samples.Content(12)).Pdf;

        var report = fixture.PdfSig(pdf).Output;
        report.Should().Contain("Signature is Valid.").And.Contain("Certificate is Trusted.").And.Contain("Total document signed");
        var requests = _requests.ToList();
        requests[0].Path.Should().Be("/certificates/efile-signing");
        requests.Should().OnlyContain(r => r.Authorization == "Bearer vault-test-token");
        var sign = requests.Last(r => r.Path.EndsWith("/sign", StringComparison.Ordinal));
        sign.Path.Should().Be("/keys/efile-signing/v1/sign");
        using var body = JsonDocument.Parse(sign.Body);
        body.RootElement.GetProperty("alg").GetString().Should().Be("ES256");
        Base64Url.TryDecode(body.RootElement.GetProperty("value").GetString()!, out var digest).Should().BeTrue();
        digest.Should().HaveCount(32, "only the SHA-256 digest of the signed attributes goes to the vault");
        await Task.CompletedTask;
    }

    [Fact]
    public void The_certificate_is_read_once_and_reused()
    {
        var provider = Provider();
        provider.GetSigningKey().Certificate.Thumbprint.Should().Be(fixture.Issuer.Certificate.Thumbprint);
        provider.GetSigningKey();
        _requests.Count(r => r.Path.StartsWith("/certificates/", StringComparison.Ordinal)).Should().Be(1);
        provider.GetSigningKey().Certificate.HasPrivateKey.Should().BeFalse("the private key stays in the vault");
    }

    [Fact]
    public void Reading_the_certificate_and_signing_are_client_spans_naming_the_vault_host_without_the_token()
    {
        using var recorded = new RecordedSpans();

        new RecordsEFileRenderer(Provider(), new SystemSecureRandom()).RenderRecords(Samples.Content(1));

        var everything = string.Join('\n', recorded.Everything());
        foreach (var source in new[] { "System.Net.Http", "Azure.Core.Http" })
        {
            recorded.Spans.Where(s => s.Source.Name == source && s.Kind == ActivityKind.Client).Should()
                .HaveCountGreaterThanOrEqualTo(2, $"the certificate read and the sign call each make a {source} client span:\n{everything}")
                .And.OnlyContain(s => (string?)s.GetTagItem("server.address") == _vault.Endpoint.Host, everything);
        }

        everything.Should().NotContain("vault-test-token");
    }

    private KeyVaultSigningKeyProvider Provider() => new(
        Options.Create(new SigningOptions { KeyVaultUri = _vault.Endpoint, CertificateName = "efile-signing" }),
        _credential,
        TimeProvider.System,
        new HttpClientTransport(_vault.CreateTrustingHandler()));

    private async Task AnswerAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        _requests.Enqueue((context.Request.Method, context.Request.Path.Value!, context.Request.Headers.Authorization.ToString(), body));
        context.Response.ContentType = "application/json";
        if (context.Request.Query["api-version"] != "7.5")
        {
            context.Response.StatusCode = 400;
            return;
        }

        switch (context.Request.Method, context.Request.Path.Value)
        {
            case ("GET", "/certificates/efile-signing"):
                await context.Response.WriteAsync(JsonSerializer.Serialize(new
                {
                    id = $"{_vault.Endpoint}certificates/efile-signing/v1",
                    kid = $"{_vault.Endpoint}keys/efile-signing/v1",
                    cer = Convert.ToBase64String(fixture.Issuer.Certificate.RawData),
                }));
                break;
            case ("POST", "/keys/efile-signing/v1/sign"):
                using (var json = JsonDocument.Parse(body))
                {
                    Base64Url.TryDecode(json.RootElement.GetProperty("value").GetString()!, out var digest);
                    using var key = fixture.Issuer.Certificate.GetECDsaPrivateKey()!;
                    var signature = key.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                    await context.Response.WriteAsync(JsonSerializer.Serialize(new { kid = $"{_vault.Endpoint}keys/efile-signing/v1", value = Base64Url.Encode(signature) }));
                }

                break;
            default:
                context.Response.StatusCode = 404;
                break;
        }
    }
}
