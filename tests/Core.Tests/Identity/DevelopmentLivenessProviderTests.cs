using EntryExit.Core.Identity;
using EntryExit.Core.Security;
using EntryExit.Core.Tests.Fakes;
using Microsoft.Extensions.Options;

namespace EntryExit.Core.Tests.Identity;

public sealed class DevelopmentLivenessProviderTests
{
    private const string Key = "test-liveness-key";
    private static readonly ReferencePhoto Reference = TestPhotos.Png(1);
    private static readonly ReferencePhoto SomeoneElse = TestPhotos.Png(2);
    private readonly DevelopmentLivenessProvider _provider =
        new(Options.Create(new LivenessOptions { DevelopmentKey = Key }), new SystemSecureRandom(), _ => null);

    [Fact]
    public async Task Only_the_hmac_of_the_challenge_and_the_reference_photos_digest_under_the_key_passes()
    {
        var session = (await _provider.StartAsync(Reference, DateTimeOffset.UnixEpoch, CancellationToken.None))!;
        (await Passes(session, DevelopmentLivenessProvider.Answer(Key, session.Challenge, Reference.Digest))).Should().BeTrue();
        (await Passes(session, DevelopmentLivenessProvider.Answer("other-key", session.Challenge, Reference.Digest))).Should().BeFalse();
        (await Passes(session, DevelopmentLivenessProvider.Answer(Key, session.Challenge + "x", Reference.Digest))).Should().BeFalse();
        (await Passes(session, "any string")).Should().BeFalse();
    }

    [Fact]
    public async Task Another_persons_face_or_none_fails_even_with_the_right_key()
    {
        var session = (await _provider.StartAsync(Reference, DateTimeOffset.UnixEpoch, CancellationToken.None))!;
        (await Passes(session, DevelopmentLivenessProvider.Answer(Key, session.Challenge, SomeoneElse.Digest))).Should().BeFalse();
        (await Passes(session, DevelopmentLivenessProvider.Answer(Key, session.Challenge, ""))).Should().BeFalse();
        (await Passes(session, DevelopmentLivenessProvider.Answer(Key, session.Challenge, Reference.Digest.ToUpperInvariant()))).Should().BeFalse();
    }

    [Fact]
    public void The_answer_is_base64url_of_hmac_sha256_over_challenge_dot_digest_without_padding()
    {
        // Independently computed:
        // printf 'challenge.%s' "$(printf abc | sha256sum | cut -d' ' -f1)" | openssl dgst -sha256 -hmac test-liveness-key -binary | basenc --base64url | tr -d =
        var digest = DevelopmentLivenessProvider.FaceDigest("abc"u8);
        digest.Should().Be("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        DevelopmentLivenessProvider.Answer(Key, "challenge", digest).Should().Be("FCCxZd6Axkp0rRToMhSbGIeue-HG_C7CwRnIO1wkfyc");
    }

    [Fact]
    public async Task Challenges_are_random()
    {
        var a = await _provider.StartAsync(Reference, DateTimeOffset.UnixEpoch, CancellationToken.None);
        var b = await _provider.StartAsync(Reference, DateTimeOffset.UnixEpoch, CancellationToken.None);
        a!.Challenge.Should().NotBe(b!.Challenge);
    }

    [Theory]
    [InlineData("WEBSITE_SITE_NAME")]
    [InlineData("WEBSITE_INSTANCE_ID")]
    [InlineData("CONTAINER_NAME")]
    [InlineData("WEBSITE_SKU")]
    public void It_refuses_to_start_in_Azure_unless_allowed(string variable)
    {
        Func<string, string?> azure = name => name == variable ? "set" : null;
        var start = () => new DevelopmentLivenessProvider(Options.Create(new LivenessOptions { DevelopmentKey = Key }), new SystemSecureRandom(), azure);
        start.Should().Throw<InvalidOperationException>().WithMessage("*refuses to run in Azure*");

        var allowed = () => new DevelopmentLivenessProvider(
            Options.Create(new LivenessOptions { DevelopmentKey = Key, AllowDevelopmentInAzure = true }), new SystemSecureRandom(), azure);
        allowed.Should().NotThrow();
    }

    private Task<bool> Passes(LivenessSession session, string answer) => _provider.HasPassedAsync(session, Reference, answer, CancellationToken.None);
}
