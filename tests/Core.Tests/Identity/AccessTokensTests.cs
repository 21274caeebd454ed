using EntryExit.Core.Identity;
using Microsoft.Extensions.Time.Testing;

namespace EntryExit.Core.Tests.Identity;

public sealed class AccessTokensTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
    private readonly PersonKey _person = new("abc123");

    [Fact]
    public void A_token_reads_back_as_its_person_and_verification()
    {
        var tokens = new AccessTokens(TestOptions.Security(), _clock);
        var token = tokens.Issue(_person, "v1");
        var grant = tokens.Read(token.Token);
        grant.Should().Be(new AccessGrant(_person, "v1", token.ExpiresAt));
        token.ExpiresAt.Should().Be(_clock.GetUtcNow().AddMinutes(15));
    }

    [Fact]
    public void A_token_expires_after_fifteen_minutes()
    {
        var tokens = new AccessTokens(TestOptions.Security(), _clock);
        var token = tokens.Issue(_person, "v1");
        _clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        tokens.Read(token.Token).Should().NotBeNull();
        _clock.Advance(TimeSpan.FromSeconds(1));
        tokens.Read(token.Token).Should().BeNull();
    }

    [Fact]
    public void A_tampered_payload_is_refused()
    {
        var tokens = new AccessTokens(TestOptions.Security(), _clock);
        var parts = tokens.Issue(_person, "v1").Token.Split('.');
        var forged = Security.Base64Url.Encode("{\"sub\":\"someone-else\",\"vid\":\"v1\",\"exp\":9999999999}"u8);
        tokens.Read($"{parts[0]}.{forged}.{parts[2]}").Should().BeNull();
    }

    [Fact]
    public void A_tampered_signature_is_refused()
    {
        var tokens = new AccessTokens(TestOptions.Security(), _clock);
        var token = tokens.Issue(_person, "v1").Token;
        var last = token[^1] == 'A' ? 'B' : 'A';
        tokens.Read(token[..^1] + last).Should().BeNull();
    }

    [Fact]
    public void A_token_under_an_unknown_key_id_is_refused()
    {
        var token = new AccessTokens(TestOptions.Security("old"), _clock).Issue(_person, "v1").Token;
        new AccessTokens(TestOptions.Security("new"), _clock).Read(token).Should().BeNull();
    }

    [Fact]
    public void After_rotation_tokens_of_the_retired_key_verify_until_it_is_removed()
    {
        var before = TestOptions.Security("old");
        var oldToken = new AccessTokens(before, _clock).Issue(_person, "v1").Token;

        var rotated = TestOptions.Security("new");
        rotated.Value.TokenSigningKey = Convert.ToBase64String(Enumerable.Range(200, 32).Select(i => (byte)i).ToArray());
        rotated.Value.RetiredTokenKeys["old"] = before.Value.TokenSigningKey;
        var afterRotation = new AccessTokens(rotated, _clock);
        afterRotation.Read(oldToken).Should().NotBeNull();
        var newToken = afterRotation.Issue(_person, "v2").Token;
        newToken.Split('.')[0].Should().NotBe(oldToken.Split('.')[0], "the header names the new key id");

        rotated.Value.RetiredTokenKeys.Clear();
        var retired = new AccessTokens(rotated, _clock);
        retired.Read(oldToken).Should().BeNull();
        retired.Read(newToken).Should().NotBeNull();
    }

    [Fact]
    public void A_token_claiming_a_retired_key_id_but_signed_with_another_key_is_refused()
    {
        var options = TestOptions.Security("new");
        options.Value.RetiredTokenKeys["old"] = Convert.ToBase64String(Enumerable.Range(100, 32).Select(i => (byte)i).ToArray());
        var forgedUnderOldId = new AccessTokens(TestOptions.Security("old"), _clock).Issue(_person, "v1").Token;
        new AccessTokens(options, _clock).Read(forgedUnderOldId).Should().BeNull();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("a.b.c")]
    [InlineData("!!.??.**")]
    public void Garbage_is_refused(string? token) =>
        new AccessTokens(TestOptions.Security(), _clock).Read(token).Should().BeNull();
}
