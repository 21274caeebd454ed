using System.Diagnostics;
using System.Text;
using Azure;
using Azure.Core.Pipeline;
using EntryExit.Core.Identity;
using EntryExit.TestSupport;
using Microsoft.Extensions.Options;

namespace EntryExit.Face.Tests;

public sealed class AzureFaceLivenessProviderTests : IAsyncLifetime
{
    private static readonly ReferencePhoto Reference = ReferencePhoto.From([0xFF, 0xD8, 0xFF, 0xE0, .. "the person's ID photo"u8.ToArray()])!;
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
    public async Task A_session_is_created_with_the_reference_photo_as_VerifyImage_and_its_auth_token_becomes_the_challenge()
    {
        var session = await Provider().StartAsync(Reference, DateTimeOffset.UnixEpoch, CancellationToken.None);

        session.Should().Be(new LivenessSession("azure-face", "s-1", "eyJhbGciOiJFUzI1NiJ9.client-token", DateTimeOffset.UnixEpoch));
        var request = _face.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be("POST");
        request.Path.Should().Be("/face/v1.2/detectLivenessWithVerify-sessions");
        request.Authorization.Should().Be("Bearer face-test-token");
        request.ContentType.Should().StartWith("multipart/form-data; boundary=");
        request.Json.GetProperty("livenessOperationMode").GetString().Should().Be("Passive");
        request.Json.GetProperty("deviceCorrelationIdSetInClient").GetBoolean().Should().BeTrue();
        request.Json.GetProperty("authTokenTimeToLiveInSeconds").GetInt32().Should().Be(600);
        request.Image.Should().Equal(Reference.Bytes.ToArray());
        request.ImageFileName.Should().Be("reference.jpg");
        request.ImageContentType.Should().Be("image/jpeg");
    }

    [Theory]
    [InlineData("low")]
    [InlineData("Low")]
    public async Task A_low_quality_reference_gives_no_session_and_the_session_is_ended(string quality)
    {
        _face.ReferenceQuality = quality;
        (await Provider().StartAsync(Reference, DateTimeOffset.UnixEpoch, CancellationToken.None)).Should().BeNull();
        _face.Requests.Select(r => r.Method).Should().Equal("POST", "DELETE");
    }

    [Theory]
    [InlineData("medium")]
    [InlineData("high")]
    public async Task A_medium_or_high_quality_reference_is_used(string quality)
    {
        _face.ReferenceQuality = quality;
        (await Provider().StartAsync(Reference, DateTimeOffset.UnixEpoch, CancellationToken.None)).Should().NotBeNull();
    }

    [Theory]
    // A match: a real face, identical to the reference, verifyResult inside result (one of Microsoft's samples) …
    [InlineData("""{"attemptId":1,"attemptStatus":"Succeeded","result":{"livenessDecision":"realface","verifyResult":{"matchConfidence":0.93,"isIdentical":true}}}""", true)]
    // … or beside it on the attempt (another sample), and "realFace" as one official example spells it.
    [InlineData("""{"attemptId":1,"attemptStatus":"Succeeded","result":{"livenessDecision":"realFace"},"verifyResult":{"matchConfidence":0.93,"isIdentical":true}}""", true)]
    // No match: a live face, but somebody else's.
    [InlineData("""{"attemptId":1,"attemptStatus":"Succeeded","result":{"livenessDecision":"realface","verifyResult":{"matchConfidence":0.12,"isIdentical":false}}}""", false)]
    [InlineData("""{"attemptId":1,"attemptStatus":"Succeeded","result":{"livenessDecision":"realface"},"verifyResult":{"matchConfidence":0.12,"isIdentical":false}}""", false)]
    // Live, but no verify result at all: liveness alone never passes.
    [InlineData("""{"attemptId":1,"attemptStatus":"Succeeded","result":{"livenessDecision":"realface"}}""", false)]
    // A spoof that "matches" the photo (a printed ID photo held up).
    [InlineData("""{"attemptId":1,"attemptStatus":"Succeeded","result":{"livenessDecision":"spoofface","verifyResult":{"matchConfidence":0.99,"isIdentical":true}}}""", false)]
    [InlineData("""{"attemptId":1,"attemptStatus":"Succeeded","result":{"livenessDecision":"uncertain","verifyResult":{"matchConfidence":0.99,"isIdentical":true}}}""", false)]
    [InlineData("""{"attemptId":1,"attemptStatus":"Failed","error":{"code":"FaceNotFound","message":"no face"}}""", false)]
    public async Task Only_a_succeeded_real_face_identical_to_the_reference_passes(string attempt, bool passes)
    {
        _face.SessionResultJson = $$$"""{"sessionId":"s-1","status":"Succeeded","results":{"attempts":[{{{attempt}}}]}}""";
        var provider = Provider();
        var session = (await provider.StartAsync(Reference, DateTimeOffset.UnixEpoch, CancellationToken.None))!;

        (await provider.HasPassedAsync(session, Reference, "client says it passed", CancellationToken.None)).Should().Be(passes);
        var fetch = _face.Requests.Last();
        fetch.Method.Should().Be("GET");
        fetch.Path.Should().Be("/face/v1.2/detectLivenessWithVerify-sessions/s-1");
        fetch.Authorization.Should().Be("Bearer face-test-token");
    }

    [Theory]
    [InlineData("""[{"attemptId":2,"attemptStatus":"Succeeded","result":{"livenessDecision":"spoofface","verifyResult":{"matchConfidence":0.9,"isIdentical":true}}},{"attemptId":1,"attemptStatus":"Succeeded","result":{"livenessDecision":"realface","verifyResult":{"matchConfidence":0.9,"isIdentical":true}}}]""", false)]
    [InlineData("""[{"attemptId":1,"attemptStatus":"Succeeded","result":{"livenessDecision":"realface","verifyResult":{"matchConfidence":0.1,"isIdentical":false}}},{"attemptId":2,"attemptStatus":"Succeeded","result":{"livenessDecision":"realface","verifyResult":{"matchConfidence":0.9,"isIdentical":true}}}]""", true)]
    [InlineData("""[]""", false)]
    public async Task The_latest_attempt_decides(string attempts, bool passes)
    {
        _face.SessionResultJson = $$$"""{"sessionId":"s-1","status":"Succeeded","results":{"attempts":{{{attempts}}}}}""";
        var provider = Provider();
        var session = (await provider.StartAsync(Reference, DateTimeOffset.UnixEpoch, CancellationToken.None))!;
        (await provider.HasPassedAsync(session, Reference, "", CancellationToken.None)).Should().Be(passes);
    }

    [Theory]
    [InlineData(0.0, true)]
    [InlineData(0.8, true)]
    [InlineData(0.9, false)]
    public async Task A_configured_floor_on_the_match_confidence_applies_on_top_of_isIdentical(double floor, bool passes)
    {
        _face.SessionResultJson = """{"sessionId":"s-1","status":"Succeeded","results":{"attempts":[{"attemptId":1,"attemptStatus":"Succeeded","result":{"livenessDecision":"realface","verifyResult":{"matchConfidence":0.85,"isIdentical":true}}}]}}""";
        var provider = Provider(minMatchConfidence: floor);
        var session = (await provider.StartAsync(Reference, DateTimeOffset.UnixEpoch, CancellationToken.None))!;
        (await provider.HasPassedAsync(session, Reference, "", CancellationToken.None)).Should().Be(passes);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Throttling_and_outages_are_face_unavailable_after_the_configured_retries(int status)
    {
        _face.CreateStatus = status;
        var start = () => Provider().StartAsync(Reference, DateTimeOffset.UnixEpoch, CancellationToken.None);
        await start.Should().ThrowAsync<FaceUnavailableException>();
        _face.Requests.Should().HaveCount(2, "one try and the one retry configured");

        _face.CreateStatus = 200;
        var provider = Provider();
        var session = (await provider.StartAsync(Reference, DateTimeOffset.UnixEpoch, CancellationToken.None))!;
        _face.ResultStatus = status;
        var judge = () => provider.HasPassedAsync(session, Reference, "", CancellationToken.None);
        await judge.Should().ThrowAsync<FaceUnavailableException>();
    }

    [Fact]
    public async Task A_face_service_that_does_not_answer_in_time_is_face_unavailable()
    {
        _face.Delay = TimeSpan.FromMinutes(5);
        var start = () => Provider(timeoutSeconds: 1, maxRetries: 0).StartAsync(Reference, DateTimeOffset.UnixEpoch, CancellationToken.None);
        (await start.Should().ThrowAsync<FaceUnavailableException>()).Which.Message.Should().Contain("1 s");
    }

    [Fact]
    public async Task A_refusal_by_the_service_is_an_error_not_a_session()
    {
        _face.CreateStatus = 403;
        var start = () => Provider().StartAsync(Reference, DateTimeOffset.UnixEpoch, CancellationToken.None);
        (await start.Should().ThrowAsync<RequestFailedException>()).Which.Status.Should().Be(403);
    }

    [Fact]
    public async Task Each_call_to_the_service_is_a_client_span_naming_its_host_and_no_span_carries_the_photo_or_the_token()
    {
        _face.SessionResultJson = """{"sessionId":"s-1","status":"Succeeded","results":{"attempts":[{"attemptId":1,"attemptStatus":"Succeeded","result":{"livenessDecision":"realface","verifyResult":{"matchConfidence":0.9,"isIdentical":true}}}]}}""";
        using var recorded = new RecordedSpans();
        var provider = Provider();

        var session = (await provider.StartAsync(Reference, DateTimeOffset.UnixEpoch, CancellationToken.None))!;
        (await provider.HasPassedAsync(session, Reference, "", CancellationToken.None)).Should().BeTrue();

        var everything = string.Join('\n', recorded.Everything());
        foreach (var source in new[] { "System.Net.Http", "Azure.Core.Http" })
        {
            recorded.Spans.Where(s => s.Source.Name == source && s.Kind == ActivityKind.Client).Should()
                .HaveCount(2, $"the create and the result call each make a {source} client span:\n{everything}")
                .And.OnlyContain(s => (string?)s.GetTagItem("server.address") == _face.Endpoint.Host, everything);
        }

        var bytes = Reference.Bytes.ToArray();
        foreach (var secret in new[] { Convert.ToBase64String(bytes), Convert.ToHexString(bytes), Encoding.Latin1.GetString(bytes), "the person's ID photo", session.Challenge, "face-test-token" })
        {
            everything.Should().NotContain(secret);
        }
    }

    private AzureFaceLivenessProvider Provider(double minMatchConfidence = 0, int timeoutSeconds = 10, int maxRetries = 1)
    {
        // Trust exactly the listener's own certificate, nothing else.
        return new AzureFaceLivenessProvider(
            Options.Create(new FaceOptions { Endpoint = _face.Endpoint, TimeoutSeconds = timeoutSeconds, MaxRetries = maxRetries }),
            Options.Create(new LivenessOptions { MinMatchConfidence = minMatchConfidence }),
            _credential,
            new HttpClientTransport(_face.CreateTrustingHandler()));
    }
}
