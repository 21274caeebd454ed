using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using EntryExit.TestSupport;
using Microsoft.AspNetCore.Http;

namespace EntryExit.Face.Tests;

/// <summary>
/// A local HTTPS listener that answers like Azure AI Face's liveness-with-verify sessions (v1.2) and records every
/// request it receives, multipart parts included, so tests can assert what the adapter sent. HTTPS because Azure.Core
/// refuses bearer tokens over HTTP.
/// </summary>
public sealed class FakeFaceService : IAsyncDisposable
{
    public const string SessionsPath = "/face/v1.2/detectLivenessWithVerify-sessions";
    private LoopbackHttpsServer _server = null!;

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>What GET of a session answers; set by each test.</summary>
    public string SessionResultJson { get; set; } = """{"sessionId":"s-1","status":"NotStarted","results":{"attempts":[]}}""";

    /// <summary>The reference photo's quality the service reports at creation.</summary>
    public string ReferenceQuality { get; set; } = "high";

    public int CreateStatus { get; set; } = 200;

    public int ResultStatus { get; set; } = 200;

    /// <summary>When set, every request waits this long before answering (longer than the adapter's timeout).</summary>
    public TimeSpan? Delay { get; set; }

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
        var request = context.Request;
        ReceivedRequest received;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            var image = form.Files.GetFile("VerifyImage");
            byte[]? imageBytes = null;
            if (image is not null)
            {
                using var buffer = new MemoryStream();
                await image.CopyToAsync(buffer);
                imageBytes = buffer.ToArray();
            }

            received = new ReceivedRequest(request.Method, request.Path, request.Headers.Authorization.ToString(), form["Parameters"].ToString())
            {
                ContentType = request.ContentType,
                ImageFileName = image?.FileName,
                ImageContentType = image?.ContentType,
                Image = imageBytes,
            };
        }
        else
        {
            using var reader = new StreamReader(request.Body);
            received = new ReceivedRequest(request.Method, request.Path, request.Headers.Authorization.ToString(), await reader.ReadToEndAsync()) { ContentType = request.ContentType };
        }

        Requests.Enqueue(received);
        if (Delay is { } delay)
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.ContentType = "application/json";
        switch (request.Method, request.Path.Value)
        {
            case ("POST", SessionsPath):
                context.Response.StatusCode = CreateStatus;
                if (CreateStatus == 429)
                {
                    context.Response.Headers.RetryAfter = "1";
                }

                await context.Response.WriteAsync(CreateStatus == 200
                    ? $$$"""{"sessionId":"s-1","authToken":"eyJhbGciOiJFUzI1NiJ9.client-token","status":"NotStarted","modelVersion":"2024-11-15","results":{"attempts":[],"verifyReferences":[{"referenceType":"image","faceRectangle":{"top":10,"left":10,"width":50,"height":60},"qualityForRecognition":"{{{ReferenceQuality}}}"}]}}"""
                    : $$$"""{"error":{"code":"Status{{{CreateStatus}}}","message":"Scripted failure."}}""");
                break;
            case ("GET", SessionsPath + "/s-1"):
                context.Response.StatusCode = ResultStatus;
                await context.Response.WriteAsync(ResultStatus == 200 ? SessionResultJson : $$$"""{"error":{"code":"Status{{{ResultStatus}}}","message":"Scripted failure."}}""");
                break;
            case ("DELETE", SessionsPath + "/s-1"):
                context.Response.StatusCode = 204;
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

/// <param name="Body">The JSON body, or for multipart the <c>Parameters</c> part.</param>
public sealed record ReceivedRequest(string Method, string Path, string Authorization, string Body)
{
    public string? ContentType { get; init; }

    public string? ImageFileName { get; init; }

    public string? ImageContentType { get; init; }

    public byte[]? Image { get; init; }

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}
