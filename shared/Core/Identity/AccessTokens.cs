using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EntryExit.Core.Security;
using Microsoft.Extensions.Options;

namespace EntryExit.Core.Identity;

/// <summary>Who a valid access token speaks for.</summary>
public sealed record AccessGrant(PersonKey Person, string VerificationId, DateTimeOffset ExpiresAt);

/// <summary>An issued token and when it stops working.</summary>
public sealed record AccessToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>
/// Signs and checks access tokens: <c>base64url(header).base64url(payload).base64url(HMAC-SHA256)</c>, JWT-shaped
/// so any JWT tool can read them. The key id in the header lets the signing key rotate.
/// </summary>
public sealed class AccessTokens(IOptions<SecurityOptions> options, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    private readonly byte[] _key = SecurityOptions.DecodeKey(options.Value.TokenSigningKey, nameof(SecurityOptions.TokenSigningKey));
    private readonly string _keyId = options.Value.TokenKeyId;

    public AccessToken Issue(PersonKey person, string verificationId)
    {
        var expiresAt = clock.GetUtcNow().Add(Lifetime);
        var header = Base64Url.Encode(JsonSerializer.SerializeToUtf8Bytes(new TokenHeader("HS256", "JWT", _keyId)));
        var payload = Base64Url.Encode(JsonSerializer.SerializeToUtf8Bytes(new TokenPayload(person.Value, verificationId, expiresAt.ToUnixTimeSeconds())));
        var signed = header + "." + payload;
        return new AccessToken(signed + "." + Base64Url.Encode(Sign(signed)), DateTimeOffset.FromUnixTimeSeconds(expiresAt.ToUnixTimeSeconds()));
    }

    /// <summary>The grant of a well-formed, correctly signed, unexpired token; null otherwise. Revocation is checked by the caller.</summary>
    public AccessGrant? Read(string? token)
    {
        var parts = token?.Split('.');
        if (parts is not { Length: 3 }
            || !Base64Url.TryDecode(parts[0], out var headerBytes)
            || !Base64Url.TryDecode(parts[1], out var payloadBytes)
            || !Base64Url.TryDecode(parts[2], out var signature))
        {
            return null;
        }

        var expected = Sign(parts[0] + "." + parts[1]);
        if (!CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            return null;
        }

        try
        {
            var header = JsonSerializer.Deserialize<TokenHeader>(headerBytes);
            var payload = JsonSerializer.Deserialize<TokenPayload>(payloadBytes);
            if (header is not { Alg: "HS256" } || header.Kid != _keyId || payload is null || payload.Sub is null || payload.Vid is null)
            {
                return null;
            }

            var expiresAt = DateTimeOffset.FromUnixTimeSeconds(payload.Exp);
            return expiresAt > clock.GetUtcNow() ? new AccessGrant(new PersonKey(payload.Sub), payload.Vid, expiresAt) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private byte[] Sign(string signed) => HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(signed));

    private sealed record TokenHeader(
        [property: System.Text.Json.Serialization.JsonPropertyName("alg")] string Alg,
        [property: System.Text.Json.Serialization.JsonPropertyName("typ")] string Typ,
        [property: System.Text.Json.Serialization.JsonPropertyName("kid")] string Kid);

    private sealed record TokenPayload(
        [property: System.Text.Json.Serialization.JsonPropertyName("sub")] string Sub,
        [property: System.Text.Json.Serialization.JsonPropertyName("vid")] string Vid,
        [property: System.Text.Json.Serialization.JsonPropertyName("exp")] long Exp);
}
