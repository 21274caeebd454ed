using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using EntryExit.TestSupport;
using Microsoft.AspNetCore.Http;

namespace EntryExit.Face.Tests;

/// <summary>
/// A local HTTPS listener that answers like Azure AI Face's liveness sessions (v1.2) and records every request it
/// receives, so tests can assert what the adapter sent. HTTPS because Azure.Core refuses bearer tokens over HTTP.
/// </summary>
public sealed class FakeFaceService : IAsyncDisposable
{
    private LoopbackHttpsServer _server = null!;

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>What GET of a session answers; set by each test.</summary>
    public string SessionResultJson { get; set; } = """{"sessionId":"s-1","status":"NotStarted","results":{"attempts":[]}}""";

    public int CreateStatus { get; set; } = 200;

    public X509Certificate2 Certificate => _server.Certificate;

    public Uri Endpoint => _server.Endpoint;

    public static async Task<FakeFaceService> StartAsync()
    {
        var service = new FakeFaceService();
        service._server = await LoopbackHttpsServer.StartAsync(service.HandleAsync);
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

    /// <summary>A handler that trusts exactly this listener's certificate.</summary>
    public HttpClientHandler CreateTrustingHandler() => _server.CreateTrustingHandler();

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

public sealed record ReceivedRequest(string Method, string Path, string Authorization, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}
