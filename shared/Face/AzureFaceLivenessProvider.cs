using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using EntryExit.Core.Identity;
using Microsoft.Extensions.Options;

namespace EntryExit.Face;

/// <summary>
/// Azure AI Face liveness with verify (v1.2 <c>detectLivenessWithVerify-sessions</c>): the server creates the session
/// with the person's reference photo, hands the client the session's auth token as the challenge, and afterwards asks
/// the service for the decision — the client's own word counts for nothing, and the client never supplies the photo.
/// </summary>
public sealed class AzureFaceLivenessProvider : ILivenessProvider
{
    public const string Name = "azure-face";
    public const string Scope = "https://cognitiveservices.azure.com/.default";
    private const string SessionsPath = "/face/v1.2/detectLivenessWithVerify-sessions";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpPipeline _pipeline;
    private readonly FaceOptions _options;
    private readonly double _minMatchConfidence;
    private readonly Uri _endpoint;

    public AzureFaceLivenessProvider(IOptions<FaceOptions> options, IOptions<LivenessOptions> liveness, TokenCredential credential, HttpPipelineTransport? transport = null)
    {
        _options = options.Value;
        _minMatchConfidence = liveness.Value.MinMatchConfidence;
        _endpoint = _options.Endpoint ?? throw new InvalidOperationException("Setting Face:Endpoint is required by the azure-face liveness provider.");
        _pipeline = AzureRestPipeline.Build(credential, Scope, transport, retry =>
        {
            retry.MaxRetries = _options.MaxRetries;
            retry.Delay = TimeSpan.FromMilliseconds(200);
            retry.MaxDelay = TimeSpan.FromSeconds(1);
            retry.NetworkTimeout = TimeSpan.FromSeconds(_options.TimeoutSeconds);
        });
    }

    public async Task<LivenessSession?> StartAsync(ReferencePhoto reference, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = RequestMethod.Post;
        request.Uri.Reset(new Uri(_endpoint, SessionsPath));
        var boundary = "entry-exit-" + Guid.NewGuid().ToString("N");
        request.Headers.Add("Content-Type", $"multipart/form-data; boundary={boundary}");
        request.Content = RequestContent.Create(Multipart(boundary, JsonSerializer.SerializeToUtf8Bytes(new CreateSession(
            _options.LivenessOperationMode, DeviceCorrelationIdSetInClient: true, _options.AuthTokenTimeToLiveSeconds), Json), reference));
        var created = await SendAsync<CreatedSession>(message, cancellationToken);
        if (string.IsNullOrEmpty(created.SessionId) || string.IsNullOrEmpty(created.AuthToken))
        {
            throw new RequestFailedException(message.Response.Status, "The Face service answered without a session id or auth token.");
        }

        // A reference without a face, or of low quality, makes any match unreliable: no session, the citizen goes to a counter.
        var quality = created.Results?.VerifyReferences is [var first, ..] ? first.QualityForRecognition : null;
        if (quality is null || string.Equals(quality, "low", StringComparison.OrdinalIgnoreCase))
        {
            await EndAsync(created.SessionId, cancellationToken);
            return null;
        }

        return new LivenessSession(Name, created.SessionId, created.AuthToken, expiresAt);
    }

    public async Task<bool> HasPassedAsync(LivenessSession session, ReferencePhoto reference, string clientResult, CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(new Uri(_endpoint, $"{SessionsPath}/{Uri.EscapeDataString(session.SessionId)}"));
        var result = await SendAsync<SessionResult>(message, cancellationToken);

        // The latest attempt decides: it must have finished, seen a real face, and found it identical to the reference.
        // Microsoft's samples put verifyResult inside result or beside it on the attempt: either counts.
        var last = result.Results?.Attempts?.OrderByDescending(a => a.AttemptId).FirstOrDefault();
        var verify = last?.Outcome?.VerifyResult ?? last?.VerifyResult;
        return last is { AttemptStatus: var status, Outcome.LivenessDecision: var decision }
            && string.Equals(status, "Succeeded", StringComparison.OrdinalIgnoreCase)
            && string.Equals(decision, "realface", StringComparison.OrdinalIgnoreCase)
            && verify is { IsIdentical: true }
            && verify.MatchConfidence >= _minMatchConfidence;
    }

    /// <summary>Ends a session we will not use; a failure here is not the citizen's problem.</summary>
    private async Task EndAsync(string sessionId, CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Delete;
        message.Request.Uri.Reset(new Uri(_endpoint, $"{SessionsPath}/{Uri.EscapeDataString(sessionId)}"));
        try
        {
            await _pipeline.SendAsync(message, cancellationToken);
        }
        catch (RequestFailedException)
        {
            // The session expires by itself.
        }
    }

    /// <summary>Sends and reads a 200 answer; throttling, outages and timeouts become <see cref="FaceUnavailableException"/>.</summary>
    private async Task<T> SendAsync<T>(HttpMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await _pipeline.SendAsync(message, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 0)
        {
            throw new FaceUnavailableException("The Face service could not be reached.", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FaceUnavailableException($"The Face service did not answer within {_options.TimeoutSeconds} s.", e);
        }
        catch (AggregateException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Azure.Core's retry policy gathers the failures (timeouts, refused connections) of every try.
            throw new FaceUnavailableException($"The Face service failed {e.InnerExceptions.Count} tries (timeouts or no connection).", e);
        }

        var response = message.Response;
        if (response.Status == 429 || response.Status >= 500)
        {
            throw new FaceUnavailableException($"The Face service answered {response.Status}.", new RequestFailedException(response));
        }

        if (response.Status != 200)
        {
            throw new RequestFailedException(response);
        }

        return JsonSerializer.Deserialize<T>(response.Content.ToMemory().Span, Json)
            ?? throw new RequestFailedException(response.Status, "The Face service answered with an empty body.");
    }

    /// <summary>
    /// multipart/form-data with <c>Parameters</c> (JSON) and <c>VerifyImage</c>; the image part must carry a filename or
    /// the service refuses it.
    /// </summary>
    private static byte[] Multipart(string boundary, byte[] parameters, ReferencePhoto reference)
    {
        var extension = reference.ContentType == ReferencePhoto.Png ? "png" : "jpg";
        using var body = new MemoryStream(parameters.Length + reference.Bytes.Length + 512);
        void Text(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        Text($"--{boundary}\r\nContent-Disposition: form-data; name=\"Parameters\"\r\nContent-Type: application/json\r\n\r\n");
        body.Write(parameters);
        Text($"\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"VerifyImage\"; filename=\"reference.{extension}\"\r\nContent-Type: {reference.ContentType}\r\n\r\n");
        body.Write(reference.Bytes.Span);
        Text($"\r\n--{boundary}--\r\n");
        return body.ToArray();
    }

    private sealed record CreateSession(
        string LivenessOperationMode,
        bool DeviceCorrelationIdSetInClient,
        [property: JsonPropertyName("authTokenTimeToLiveInSeconds")] int AuthTokenTimeToLiveInSeconds);

    private sealed record CreatedSession(string? SessionId, string? AuthToken, CreatedResults? Results);

    private sealed record CreatedResults(IReadOnlyList<VerifyReference>? VerifyReferences);

    private sealed record VerifyReference(string? ReferenceType, string? QualityForRecognition);

    private sealed record SessionResult(string? Status, SessionAttempts? Results);

    private sealed record SessionAttempts(IReadOnlyList<Attempt>? Attempts);

    // The attempt's "result" is Outcome here: in the source, .Result is a task's (see NoSynchronousWaitsTests).
    private sealed record Attempt(int AttemptId, string? AttemptStatus, [property: JsonPropertyName("result")] AttemptResult? Outcome, VerifyResult? VerifyResult);

    private sealed record AttemptResult(string? LivenessDecision, VerifyResult? VerifyResult);

    private sealed record VerifyResult(double MatchConfidence, bool IsIdentical);
}
