using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using EntryExit.Core.Identity;
using EntryExit.TestSupport;
using Microsoft.Extensions.Options;

namespace EntryExit.Face.Tests;

public sealed class AzureFaceLivenessProviderTests : IAsyncLifetime
{
    private readonly RecordingCredential _credential = new("face-test-token");
    private FakeFaceService _face = null!;

    public async Task InitializeAsync() => _face = await FakeFaceService.StartAsync();

    public async Task DisposeAsync()
    {
        await _face.DisposeAsync();

        // Every token the adapter asked for was for Cognitive Services, and nothing else.
        _credential.RequestedScopes.Should().OnlyContain(scopes => scopes.SequenceEqual(new[] { AzureFaceLivenessProvider.Scope }));
    }

    [Fact]
    public async Task A_session_is_created_with_a_bearer_token_and_its_auth_token_becomes_the_challenge()
    {
        var session = await Provider().StartAsync(DateTimeOffset.UnixEpoch, CancellationToken.None);

        session.Should().Be(new LivenessSession("azure-face", "s-1", "eyJhbGciOiJFUzI1NiJ9.client-token", DateTimeOffset.UnixEpoch));
        var request = _face.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be("POST");
        request.Path.Should().Be("/face/v1.2/detectLiveness-sessions");
        request.Authorization.Should().Be("Bearer face-test-token");
        request.Json.GetProperty("livenessOperationMode").GetString().Should().Be("Passive");
        request.Json.GetProperty("deviceCorrelationIdSetInClient").GetBoolean().Should().BeTrue();
        request.Json.GetProperty("authTokenTimeToLiveInSeconds").GetInt32().Should().Be(600);
    }

    [Theory]
    [InlineData("""{"status":"Succeeded","results":{"attempts":[{"attemptId":1,"attemptStatus":"Succeeded","result":{"livenessDecision":"realface"}}]}}""", true)]
    [InlineData("""{"status":"Succeeded","results":{"attempts":[{"attemptId":1,"attemptStatus":"Succeeded","result":{"livenessDecision":"realFace"}}]}}""", true)]
    [InlineData("""{"status":"Succeeded","results":{"attempts":[{"attemptId":1,"attemptStatus":"Succeeded","result":{"livenessDecision":"spoofface"}}]}}""", false)]
    [InlineData("""{"status":"Succeeded","results":{"attempts":[{"attemptId":1,"attemptStatus":"Succeeded","result":{"livenessDecision":"uncertain"}}]}}""", false)]
    [InlineData("""{"status":"Succeeded","results":{"attempts":[{"attemptId":2,"attemptStatus":"Succeeded","result":{"livenessDecision":"spoofface"}},{"attemptId":1,"attemptStatus":"Succeeded","result":{"livenessDecision":"realface"}}]}}""", false)]
    [InlineData("""{"status":"Succeeded","results":{"attempts":[{"attemptId":1,"attemptStatus":"Succeeded","result":{"livenessDecision":"spoofface"}},{"attemptId":2,"attemptStatus":"Succeeded","result":{"livenessDecision":"realface"}}]}}""", true)]
    [InlineData("""{"status":"Failed","results":{"attempts":[{"attemptId":1,"attemptStatus":"Failed","error":{"code":"FaceNotFound","message":"no face"}}]}}""", false)]
    [InlineData("""{"status":"NotStarted","results":{"attempts":[]}}""", false)]
    public async Task The_latest_attempt_decides_and_only_a_real_face_passes(string sessionJson, bool passes)
    {
        _face.SessionResultJson = sessionJson;
        var provider = Provider();
        var session = await provider.StartAsync(DateTimeOffset.UnixEpoch, CancellationToken.None);

        (await provider.HasPassedAsync(session, "client says it passed", CancellationToken.None)).Should().Be(passes);
        var fetch = _face.Requests.Last();
        fetch.Method.Should().Be("GET");
        fetch.Path.Should().Be("/face/v1.2/detectLiveness-sessions/s-1");
        fetch.Authorization.Should().Be("Bearer face-test-token");
    }

    [Fact]
    public async Task A_refusal_by_the_service_is_an_error_not_a_session()
    {
        _face.CreateStatus = 403;
        var start = () => Provider().StartAsync(DateTimeOffset.UnixEpoch, CancellationToken.None);
        (await start.Should().ThrowAsync<RequestFailedException>()).Which.Status.Should().Be(403);
    }

    private AzureFaceLivenessProvider Provider()
    {
        // Trust exactly the listener's own certificate, nothing else.
        return new AzureFaceLivenessProvider(
            Options.Create(new FaceOptions { Endpoint = _face.Endpoint }),
            _credential,
            new HttpClientTransport(_face.CreateTrustingHandler()));
    }
}
