using EntryExit.Core.Identity;
using Microsoft.Extensions.Time.Testing;

namespace EntryExit.Core.Tests.Identity;

public sealed class AccessTokensTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
    private const string Vid1 = "VerificationId00000001";
    private readonly PersonKey _person = new(new string('a', 62) + "0f");

    [Fact]
    public void A_token_reads_back_as_its_person_and_verification()
    {
        var tokens = new AccessTokens(TestOptions.Security(), _clock);
        var token = tokens.Issue(_person, Vid1);
        var grant = tokens.Read(token.Token);
        grant.Should().Be(new AccessGrant(_person, Vid1, token.ExpiresAt));
        token.ExpiresAt.Should().Be(_clock.GetUtcNow().AddMinutes(15));
    }

    [Fact]
    public void A_token_expires_after_fifteen_minutes()
    {
        var tokens = new AccessTokens(TestOptions.Security(), _clock);
        var token = tokens.Issue(_person, Vid1);
        _clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        tokens.Read(token.Token).Should().NotBeNull();
        _clock.Advance(TimeSpan.FromSeconds(1));
        tokens.Read(token.Token).Should().BeNull();
    }

    [Fact]
    public void A_tampered_payload_is_refused()
    {
        var tokens = new AccessTokens(TestOptions.Security(), _clock);
        var parts = tokens.Issue(_person, Vid1).Token.Split('.');
        var forged = Security.Base64Url.Encode("{\"sub\":\"someone-else\",\"vid\":\"v1\",\"exp\":9999999999}"u8);
        tokens.Read($"{parts[0]}.{forged}.{parts[2]}").Should().BeNull();
    }

    [Fact]
    public void A_tampered_signature_is_refused()
    {
        var tokens = new AccessTokens(TestOptions.Security(), _clock);
        var token = tokens.Issue(_person, Vid1).Token;
        var last = token[^1] == 'A' ? 'B' : 'A';
        tokens.Read(token[..^1] + last).Should().BeNull();
    }

    [Fact]
    public void A_token_under_an_unknown_key_id_is_refused()
    {
        var token = new AccessTokens(TestOptions.Security("old"), _clock).Issue(_person, Vid1).Token;
        new AccessTokens(TestOptions.Security("new"), _clock).Read(token).Should().BeNull();
    }

    [Fact]
    public void After_rotation_tokens_of_the_retired_key_verify_until_it_is_removed()
    {
        var before = TestOptions.Security("old");
        var oldToken = new AccessTokens(before, _clock).Issue(_person, Vid1).Token;

        var rotated = TestOptions.Security("new");
        rotated.Value.TokenSigningKey = Convert.ToBase64String(Enumerable.Range(200, 32).Select(i => (byte)i).ToArray());
        rotated.Value.RetiredTokenKeys["old"] = before.Value.TokenSigningKey;
        var afterRotation = new AccessTokens(rotated, _clock);
        afterRotation.Read(oldToken).Should().NotBeNull();
        var newToken = afterRotation.Issue(_person, "VerificationId00000002").Token;
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
        var forgedUnderOldId = new AccessTokens(TestOptions.Security("old"), _clock).Issue(_person, Vid1).Token;
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

    // Issue 11: a claim out of range or alphabet is a bad token even under our own key (the sample development key is public).
    [Theory]
    [InlineData("exp", "9000000000000000000")]
    [InlineData("exp", "-9000000000000000000")]
    [InlineData("exp", "0")]
    [InlineData("exp", "1.5e9")]
    [InlineData("exp", "\"1790000000\"")]
    [InlineData("sub", "\"a/b#c?d\\u0001\"")]
    [InlineData("sub", "\"ABCDEF\"")]
    [InlineData("sub", "null")]
    [InlineData("sub", "\"\"")]
    [InlineData("vid", "\"ab/cd#ef?gh\\u0001ijklmnop\"")]
    [InlineData("vid", "\"short\"")]
    [InlineData("vid", "12345")]
    public void A_claim_out_of_range_or_alphabet_is_refused_even_when_signed_with_our_key(string claim, string json)
    {
        var claims = new Dictionary<string, string>
        {
            ["sub"] = $"\"{_person.Value}\"",
            ["vid"] = $"\"{Vid1}\"",
            ["exp"] = _clock.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var tokens = new AccessTokens(TestOptions.Security(), _clock);
        tokens.Read(Signed(claims)).Should().NotBeNull("the same token with good claims is valid");

        claims[claim] = json;
        tokens.Read(Signed(claims)).Should().BeNull();
    }

    [Fact]
    public void A_token_that_would_live_longer_than_a_token_can_is_refused()
    {
        var tokens = new AccessTokens(TestOptions.Security(), _clock);
        var later = new AccessTokens(TestOptions.Security(), new FakeTimeProvider(_clock.GetUtcNow().AddDays(1))).Issue(_person, Vid1).Token;
        tokens.Read(later).Should().BeNull();
    }

    /// <summary>A token with these raw JSON claims, signed with the test key as an attacker holding it would.</summary>
    private static string Signed(IReadOnlyDictionary<string, string> claims)
    {
        var header = Security.Base64Url.Encode("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}"u8);
        var payload = Security.Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes("{" + string.Join(",", claims.Select(c => $"\"{c.Key}\":{c.Value}")) + "}"));
        var key = Convert.FromBase64String(TestOptions.Security().Value.TokenSigningKey);
        var signature = System.Security.Cryptography.HMACSHA256.HashData(key, System.Text.Encoding.ASCII.GetBytes(header + "." + payload));
        return header + "." + payload + "." + Security.Base64Url.Encode(signature);
    }
}
