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
    private readonly AsyncOnlyTransport _transport = new();
    private LoopbackHttpsServer _vault = null!;
    private TaskCompletionSource _certificateAnswer = CompletedAnswer();

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
        using var provider = Provider();
        var renderer = new SignedRenderer(await provider.GetSigningKeyAsync(CancellationToken.None));

        var pdf = (await renderer.RenderRecordsAsync(Samples.Content(12))).Pdf;

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
        _transport.AsyncSends.Should().Be(requests.Count, "every call, the sign calls too, went through the pipeline asynchronously");
    }

    [Fact]
    public async Task The_certificate_is_read_once_and_reused()
    {
        using var provider = Provider();
        (await provider.GetSigningKeyAsync(CancellationToken.None)).Certificate.Thumbprint.Should().Be(fixture.Issuer.Certificate.Thumbprint);
        await provider.GetSigningKeyAsync(CancellationToken.None);
        CertificateReads().Should().Be(1);
        (await provider.GetSigningKeyAsync(CancellationToken.None)).Certificate.HasPrivateKey.Should().BeFalse("the private key stays in the vault");
    }

    [Fact]
    public async Task Many_first_callers_at_once_share_one_certificate_read()
    {
        using var provider = Provider();
        _certificateAnswer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Each call runs up to its first wait before the next starts: the first sends the read, the others wait for it.
        var callers = Enumerable.Range(0, 32).Select(_ => provider.GetSigningKeyAsync(CancellationToken.None)).ToList();
        _certificateAnswer.SetResult();
        var keys = await Task.WhenAll(callers);

        CertificateReads().Should().Be(1, "the callers that came while it was being read waited for that read");
        keys.Distinct().Should().ContainSingle();
    }

    [Fact]
    public async Task The_certificate_is_read_again_after_the_refresh_interval_which_picks_up_a_rotation()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        using var provider = Provider(clock);
        var first = await provider.GetSigningKeyAsync(CancellationToken.None);

        clock.Now += TimeSpan.FromMinutes(59);
        (await provider.GetSigningKeyAsync(CancellationToken.None)).Should().BeSameAs(first, "60 minutes have not passed");
        CertificateReads().Should().Be(1);

        clock.Now += TimeSpan.FromMinutes(1);
        (await provider.GetSigningKeyAsync(CancellationToken.None)).Should().NotBeSameAs(first);
        CertificateReads().Should().Be(2);
    }

    [Fact]
    public async Task Reading_the_certificate_and_signing_are_client_spans_naming_the_vault_host_without_the_token()
    {
        using var recorded = new RecordedSpans();

        using var provider = Provider();
        await new SignedRenderer(await provider.GetSigningKeyAsync(CancellationToken.None)).RenderRecordsAsync(Samples.Content(1));

        var everything = string.Join('\n', recorded.Everything());
        foreach (var source in new[] { "System.Net.Http", "Azure.Core.Http" })
        {
            recorded.Spans.Where(s => s.Source.Name == source && s.Kind == ActivityKind.Client).Should()
                .HaveCountGreaterThanOrEqualTo(2, $"the certificate read and the sign call each make a {source} client span:\n{everything}")
                .And.OnlyContain(s => (string?)s.GetTagItem("server.address") == _vault.Endpoint.Host, everything);
        }

        everything.Should().NotContain("vault-test-token");
    }

    private KeyVaultSigningKeyProvider Provider(TimeProvider? clock = null) => new(
        Options.Create(new SigningOptions { KeyVaultUri = _vault.Endpoint, CertificateName = "efile-signing", RefreshMinutes = 60 }),
        _credential,
        clock ?? TimeProvider.System,
        _transport.Over(new HttpClientTransport(_vault.CreateTrustingHandler())));

    private static TaskCompletionSource CompletedAnswer()
    {
        var answer = new TaskCompletionSource();
        answer.SetResult();
        return answer;
    }

    private int CertificateReads() => _requests.Count(r => r.Path.StartsWith("/certificates/", StringComparison.Ordinal));

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
                await _certificateAnswer.Task;
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

    /// <summary>Sends only asynchronously: a synchronous send (<c>HttpPipeline.Send</c>) fails the test instead of passing.</summary>
    private sealed class AsyncOnlyTransport : HttpPipelineTransport
    {
        private HttpPipelineTransport _inner = null!;
        private int _asyncSends;

        public int AsyncSends => _asyncSends;

        public AsyncOnlyTransport Over(HttpPipelineTransport inner)
        {
            _inner = inner;
            return this;
        }

        public override Request CreateRequest() => _inner.CreateRequest();

        public override void Process(HttpMessage message) =>
            throw new InvalidOperationException("A synchronous send to Key Vault: it must be awaited.");

        public override ValueTask ProcessAsync(HttpMessage message)
        {
            Interlocked.Increment(ref _asyncSends);
            return _inner.ProcessAsync(message);
        }
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
