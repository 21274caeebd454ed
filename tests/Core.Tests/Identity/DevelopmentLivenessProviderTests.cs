using EntryExit.Core.Identity;
using EntryExit.Core.Security;
using Microsoft.Extensions.Options;

namespace EntryExit.Core.Tests.Identity;

public sealed class DevelopmentLivenessProviderTests
{
    private const string Key = "test-liveness-key";
    private readonly DevelopmentLivenessProvider _provider =
        new(Options.Create(new LivenessOptions { DevelopmentKey = Key }), new SystemSecureRandom());

    [Fact]
    public async Task Only_the_hmac_of_the_challenge_under_the_key_passes()
    {
        var session = await _provider.StartAsync(DateTimeOffset.UnixEpoch, CancellationToken.None);
        (await _provider.HasPassedAsync(session, DevelopmentLivenessProvider.Answer(Key, session.Challenge), CancellationToken.None)).Should().BeTrue();
        (await _provider.HasPassedAsync(session, DevelopmentLivenessProvider.Answer("other-key", session.Challenge), CancellationToken.None)).Should().BeFalse();
        (await _provider.HasPassedAsync(session, DevelopmentLivenessProvider.Answer(Key, session.Challenge + "x"), CancellationToken.None)).Should().BeFalse();
        (await _provider.HasPassedAsync(session, "any string", CancellationToken.None)).Should().BeFalse();
    }

    [Fact]
    public void The_answer_is_base64url_of_hmac_sha256_without_padding()
    {
        // Independently computed: printf challenge | openssl dgst -sha256 -hmac test-liveness-key -binary | basenc --base64url | tr -d =
        DevelopmentLivenessProvider.Answer(Key, "challenge").Should().Be("lL3JmPWYpVxv-CKnm5B0M_K05O6oEl5Tj8QmUsI0idk");
    }

    [Fact]
    public async Task Challenges_are_random()
    {
        var a = await _provider.StartAsync(DateTimeOffset.UnixEpoch, CancellationToken.None);
        var b = await _provider.StartAsync(DateTimeOffset.UnixEpoch, CancellationToken.None);
        a.Challenge.Should().NotBe(b.Challenge);
    }
}
