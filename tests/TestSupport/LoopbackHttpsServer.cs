using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EntryExit.TestSupport;

/// <summary>
/// A Kestrel listener on a free loopback port over HTTPS, with a self-signed certificate made in memory for
/// 127.0.0.1, for fakes that imitate an Azure REST service (Azure.Core refuses to send bearer tokens over plain HTTP).
/// Clients trust exactly this certificate through <see cref="CreateTrustingHandler"/>, nothing else.
/// </summary>
/// <example>
/// <code>
/// await using var server = await LoopbackHttpsServer.StartAsync(async context =&gt; await context.Response.WriteAsync("{}"));
/// var transport = new Azure.Core.Pipeline.HttpClientTransport(server.CreateTrustingHandler());
/// // point the client at server.Endpoint
/// </code>
/// </example>
public sealed class LoopbackHttpsServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackHttpsServer(WebApplication app, X509Certificate2 certificate, Uri endpoint)
    {
        _app = app;
        Certificate = certificate;
        Endpoint = endpoint;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>e.g. <c>https://127.0.0.1:41234</c>.</summary>
    public Uri Endpoint { get; }

    public static async Task<LoopbackHttpsServer> StartAsync(RequestDelegate handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var certificate = CreateLoopbackCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        return new LoopbackHttpsServer(app, certificate, new Uri(app.Urls.First()));
    }

    /// <summary>A self-signed ECDSA P-256 certificate for <c>CN=127.0.0.1</c> (IP SAN), valid for an hour, with its private key.</summary>
    public static X509Certificate2 CreateLoopbackCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));

        // Kestrel needs a key it can use for TLS: round-trip through PFX.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    /// <summary>A handler that trusts exactly this server's certificate (by thumbprint) and refuses every other.</summary>
    public HttpClientHandler CreateTrustingHandler()
    {
        var thumbprint = Certificate.Thumbprint;
        return new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == thumbprint,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificate.Dispose();
    }
}
