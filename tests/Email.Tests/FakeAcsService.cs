using System.Collections.Concurrent;
using System.Text.Json;
using EntryExit.TestSupport;
using Microsoft.AspNetCore.Http;

namespace EntryExit.Email.Tests;

/// <summary>
/// A local HTTPS listener that answers like Azure Communication Services Email (api-version 2025-09-01): the send
/// answers 202 with <c>Operation-Location</c> and <c>retry-after</c>, the operation answers its status. It records every
/// request so tests can assert what the sender put on the wire; each test scripts the answers it needs.
/// </summary>
public sealed class FakeAcsService : IAsyncDisposable
{
    private LoopbackHttpsServer _server = null!;

    public ConcurrentQueue<AcsRequest> Requests { get; } = new();

    /// <summary>Answers to the next POSTs, in order; once empty every send is accepted (<see cref="Answer.Accepted"/>).</summary>
    public ConcurrentQueue<Answer> SendAnswers { get; } = new();

    /// <summary>Answers to the next status polls, in order; once empty every poll answers <see cref="AfterLastPoll"/>.</summary>
    public ConcurrentQueue<Answer> PollAnswers { get; } = new();

    public Answer AfterLastPoll { get; set; } = Answer.Status("Succeeded");

    /// <summary>The <c>retry-after</c> (seconds) of an accepted send.</summary>
    public int AcceptedRetryAfterSeconds { get; set; } = 2;

    /// <summary>Where an accepted send says to poll; null for the listener's own operation URL.</summary>
    public string? OperationLocationOverride { get; set; }

    public Uri Endpoint => _server.Endpoint;

    public IEnumerable<AcsRequest> Sends => Requests.Where(r => r.Method == "POST");

    public IEnumerable<AcsRequest> Polls => Requests.Where(r => r.Method == "GET");

    public static async Task<FakeAcsService> StartAsync()
    {
        var service = new FakeAcsService();
        service._server = await LoopbackHttpsServer.StartAsync(service.HandleAsync);
        return service;
    }

    public HttpClientHandler CreateTrustingHandler() => _server.CreateTrustingHandler();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        var received = new AcsRequest(
            request.Method,
            request.Path.Value ?? "",
            request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body);
        Requests.Enqueue(received);

        Answer answer;
        string operationId;
        if (request.Method == "POST" && request.Path.Value == "/emails:send")
        {
            operationId = received.Header("Operation-Id") ?? Guid.NewGuid().ToString();
            answer = SendAnswers.TryDequeue(out var next) ? next : Answer.Accepted(AcceptedRetryAfterSeconds);
        }
        else if (request.Method == "GET" && request.Path.Value?.StartsWith("/emails/operations/", StringComparison.Ordinal) == true)
        {
            operationId = request.Path.Value["/emails/operations/".Length..];
            answer = PollAnswers.TryDequeue(out var next) ? next : AfterLastPoll;
        }
        else
        {
            operationId = "";
            answer = new Answer(404, """{"error":{"code":"NotFound","message":"No such route."}}""", new Dictionary<string, string> { ["x-ms-error-code"] = "NotFound" });
        }

        var operationLocation = OperationLocationOverride ?? $"{Endpoint.AbsoluteUri.TrimEnd('/')}/emails/operations/{operationId}?api-version=2025-09-01";
        context.Response.StatusCode = answer.StatusCode;
        foreach (var (name, value) in answer.Headers)
        {
            context.Response.Headers[name] = value.Replace("{operationLocation}", operationLocation, StringComparison.Ordinal);
        }

        if (answer.Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.Body.Replace("{operationId}", operationId, StringComparison.Ordinal));
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

/// <summary>A scripted answer; <c>{operationId}</c> in the body and <c>{operationLocation}</c> in headers are filled in.</summary>
public sealed record Answer(int StatusCode, string? Body, IReadOnlyDictionary<string, string> Headers)
{
    public static Answer Accepted(int retryAfterSeconds) => new(
        202,
        """{"id":"{operationId}","status":"Running"}""",
        new Dictionary<string, string> { ["Operation-Location"] = "{operationLocation}", ["retry-after"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public static Answer Status(string status, int retryAfterSeconds = 1, string? errorCode = null) => new(
        200,
        errorCode is null
            ? $$$"""{"id":"{operationId}","status":"{{{status}}}"}"""
            : $$$"""{"id":"{operationId}","status":"{{{status}}}","error":{"code":"{{{errorCode}}}","message":"The email could not be delivered."}}""",
        new Dictionary<string, string> { ["retry-after"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public static Answer Error(int statusCode, string code, int? retryAfterSeconds = null)
    {
        var headers = new Dictionary<string, string> { ["x-ms-error-code"] = code };
        if (retryAfterSeconds is { } seconds)
        {
            headers["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return new Answer(statusCode, $$$"""{"error":{"code":"{{{code}}}","message":"Scripted failure."}}""", headers);
    }
}

public sealed record AcsRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
