using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EntryExit.Face.Tests;

/// <summary>
/// A local HTTPS listener that answers like Azure AI Face's liveness sessions (v1.2) and records every request it
/// receives, so tests can assert what the adapter sent. HTTPS because Azure.Core refuses bearer tokens over HTTP.
/// </summary>
public sealed class FakeFaceService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeFaceService(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        Certificate = certificate;
    }

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>What GET of a session answers; set by each test.</summary>
    public string SessionResultJson { get; set; } = """{"sessionId":"s-1","status":"NotStarted","results":{"attempts":[]}}""";

    public int CreateStatus { get; set; } = 200;

    public X509Certificate2 Certificate { get; }

    public Uri Endpoint { get; private set; } = null!;

    public static async Task<FakeFaceService> StartAsync()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        var certificate = X509CertificateLoader.LoadPkcs12(
            request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1)).Export(X509ContentType.Pfx), null);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        var service = new FakeFaceService(app, certificate);
        app.Run(service.HandleAsync);
        await app.StartAsync();
        service.Endpoint = new Uri(app.Urls.First());
        return service;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        Requests.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path, context.Request.Headers.Authorization.ToString(), body));
        context.Response.ContentType = "application/json";
        switch (context.Request.Method, context.Request.Path.Value)
        {
            case ("POST", "/face/v1.2/detectLiveness-sessions"):
                context.Response.StatusCode = CreateStatus;
                await context.Response.WriteAsync(CreateStatus == 200
                    ? """{"sessionId":"s-1","authToken":"eyJhbGciOiJFUzI1NiJ9.client-token","status":"NotStarted","modelVersion":"2024-11-15","results":{"attempts":[]}}"""
                    : """{"error":{"code":"Forbidden","message":"Limited Access approval required."}}""");
                break;
            case ("GET", "/face/v1.2/detectLiveness-sessions/s-1"):
                await context.Response.WriteAsync(SessionResultJson);
                break;
            default:
                context.Response.StatusCode = 404;
                await context.Response.WriteAsync("""{"error":{"code":"NotFound","message":"No such route."}}""");
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificate.Dispose();
    }
}

public sealed record ReceivedRequest(string Method, string Path, string Authorization, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}
