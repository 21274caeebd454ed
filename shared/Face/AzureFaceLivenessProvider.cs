using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using EntryExit.Core.Identity;
using Microsoft.Extensions.Options;

namespace EntryExit.Face;

/// <summary>
/// Azure AI Face liveness (v1.2 <c>detectLiveness-sessions</c>). The server creates the session and hands the client
/// its auth token as the challenge; the client runs the Face SDK against the service; the server then asks the
/// service for the decision — the client's own word counts for nothing.
/// </summary>
public sealed class AzureFaceLivenessProvider : ILivenessProvider
{
    public const string Name = "azure-face";
    public const string Scope = "https://cognitiveservices.azure.com/.default";
    private const string SessionsPath = "/face/v1.2/detectLiveness-sessions";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpPipeline _pipeline;
    private readonly FaceOptions _options;
    private readonly Uri _endpoint;

    public AzureFaceLivenessProvider(IOptions<FaceOptions> options, TokenCredential credential, HttpPipelineTransport? transport = null)
    {
        _options = options.Value;
        _endpoint = _options.Endpoint ?? throw new InvalidOperationException("Setting Face:Endpoint is required by the azure-face liveness provider.");
        var clientOptions = new FaceClientOptions();
        if (transport is not null)
        {
            clientOptions.Transport = transport;
        }

        _pipeline = HttpPipelineBuilder.Build(clientOptions, new BearerTokenAuthenticationPolicy(credential, Scope));
    }

    public async Task<LivenessSession> StartAsync(DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = RequestMethod.Post;
        request.Uri.Reset(new Uri(_endpoint, SessionsPath));
        request.Headers.Add("Content-Type", "application/json");
        request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(new CreateSession(
            _options.LivenessOperationMode, DeviceCorrelationIdSetInClient: true, _options.AuthTokenTimeToLiveSeconds), Json));
        await _pipeline.SendAsync(message, cancellationToken);
        var created = Read<CreatedSession>(message.Response, 200);
        if (string.IsNullOrEmpty(created.SessionId) || string.IsNullOrEmpty(created.AuthToken))
        {
            throw new RequestFailedException(message.Response.Status, "The Face service answered without a session id or auth token.");
        }

        return new LivenessSession(Name, created.SessionId, created.AuthToken, expiresAt);
    }

    public async Task<bool> HasPassedAsync(LivenessSession session, string clientResult, CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(new Uri(_endpoint, $"{SessionsPath}/{Uri.EscapeDataString(session.SessionId)}"));
        await _pipeline.SendAsync(message, cancellationToken);
        var result = Read<SessionResult>(message.Response, 200);

        // The latest attempt decides; only a finished one that saw a real face passes.
        var last = result.Results?.Attempts?.OrderByDescending(a => a.AttemptId).FirstOrDefault();
        return last is { AttemptStatus: var status, Result.LivenessDecision: var decision }
            && string.Equals(status, "Succeeded", StringComparison.OrdinalIgnoreCase)
            && string.Equals(decision, "realface", StringComparison.OrdinalIgnoreCase);
    }

    private static T Read<T>(Response response, int expectedStatus)
    {
        if (response.Status != expectedStatus)
        {
            throw new RequestFailedException(response);
        }

        return JsonSerializer.Deserialize<T>(response.Content.ToMemory().Span, Json)
            ?? throw new RequestFailedException(response.Status, "The Face service answered with an empty body.");
    }

    private sealed class FaceClientOptions : ClientOptions;

    private sealed record CreateSession(
        string LivenessOperationMode,
        bool DeviceCorrelationIdSetInClient,
        [property: JsonPropertyName("authTokenTimeToLiveInSeconds")] int AuthTokenTimeToLiveInSeconds);

    private sealed record CreatedSession(string? SessionId, string? AuthToken);

    private sealed record SessionResult(string? Status, SessionAttempts? Results);

    private sealed record SessionAttempts(IReadOnlyList<Attempt>? Attempts);

    private sealed record Attempt(int AttemptId, string? AttemptStatus, AttemptResult? Result);

    private sealed record AttemptResult(string? LivenessDecision);
}
