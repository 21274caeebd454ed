using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EntryExit.Core.Security;
using Microsoft.Extensions.Options;

namespace EntryExit.Core.Identity;

/// <summary>Who a valid access token speaks for.</summary>
public sealed record AccessGrant(PersonKey PersonKey, string VerificationId, DateTimeOffset ExpiresAt);

/// <summary>An issued token and when it stops working.</summary>
public sealed record AccessToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>
/// Signs and checks access tokens: <c>base64url(header).base64url(payload).base64url(HMAC-SHA256)</c>, JWT-shaped
/// so any JWT tool can read them. The key id in the header picks the verifying key, so the signing key can rotate
/// while tokens signed by a retired key keep working until that key is removed.
/// </summary>
public sealed class AccessTokens
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    // Instances' clocks differ a little; no token of ours can be valid for longer than its lifetime plus this.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);
    private readonly TimeProvider _clock;
    private readonly byte[] _key;
    private readonly string _keyId;
    private readonly Dictionary<string, byte[]> _verifyingKeys;

    public AccessTokens(IOptions<SecurityOptions> options, TimeProvider clock)
    {
        var settings = options.Value;
        _clock = clock;
        _key = SecurityOptions.DecodeKey(settings.TokenSigningKey, nameof(SecurityOptions.TokenSigningKey));
        _keyId = settings.TokenKeyId;
        _verifyingKeys = settings.RetiredTokenKeys.ToDictionary(
            pair => pair.Key, pair => SecurityOptions.DecodeKey(pair.Value, $"{nameof(SecurityOptions.RetiredTokenKeys)}:{pair.Key}"), StringComparer.Ordinal);
        _verifyingKeys[_keyId] = _key;
    }

    public AccessToken Issue(PersonKey personKey, string verificationId)
    {
        var expiresAt = _clock.GetUtcNow().Add(Lifetime);
        var header = Base64Url.Encode(JsonSerializer.SerializeToUtf8Bytes(new TokenHeader("HS256", "JWT", _keyId)));
        var payload = Base64Url.Encode(JsonSerializer.SerializeToUtf8Bytes(new TokenPayload(personKey.Value, verificationId, expiresAt.ToUnixTimeSeconds())));
        var signed = header + "." + payload;
        return new AccessToken(signed + "." + Base64Url.Encode(Sign(_key, signed)), DateTimeOffset.FromUnixTimeSeconds(expiresAt.ToUnixTimeSeconds()));
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

        try
        {
            var header = JsonSerializer.Deserialize<TokenHeader>(headerBytes);
            if (header is not { Alg: "HS256" } || header.Kid is null || !_verifyingKeys.TryGetValue(header.Kid, out var key)
                || !CryptographicOperations.FixedTimeEquals(Sign(key, parts[0] + "." + parts[1]), signature))
            {
                return null;
            }

            var payload = JsonSerializer.Deserialize<TokenPayload>(payloadBytes);

            // Whoever signed it, a claim is used only in the shape this class issues it: a table key, a log field and a
            // date are built from these, so a value out of range or alphabet is a bad token, not a failure further in.
            var now = _clock.GetUtcNow();
            if (payload is null || !IsPersonKey(payload.Sub) || !IsVerificationId(payload.Vid)
                || payload.Exp <= now.ToUnixTimeSeconds() || payload.Exp > now.Add(Lifetime + ClockSkew).ToUnixTimeSeconds())
            {
                return null;
            }

            return new AccessGrant(new PersonKey(payload.Sub), payload.Vid, DateTimeOffset.FromUnixTimeSeconds(payload.Exp));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Lower-case hex of an HMAC-SHA256 (<see cref="Security.HmacPersonKeys"/>).</summary>
    private static bool IsPersonKey(string? sub) =>
        sub is { Length: 64 } && sub.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>A random base64url id (<see cref="SecureRandomExtensions.NextId"/>): it is the RevokedSessions partition key.</summary>
    private static bool IsVerificationId(string? vid) =>
        vid is { Length: >= 16 and <= 64 } && vid.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static byte[] Sign(byte[] key, string signed) => HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signed));

    private sealed record TokenHeader(
        [property: System.Text.Json.Serialization.JsonPropertyName("alg")] string Alg,
        [property: System.Text.Json.Serialization.JsonPropertyName("typ")] string Typ,
        [property: System.Text.Json.Serialization.JsonPropertyName("kid")] string Kid);

    private sealed record TokenPayload(
        [property: System.Text.Json.Serialization.JsonPropertyName("sub")] string Sub,
        [property: System.Text.Json.Serialization.JsonPropertyName("vid")] string Vid,
        [property: System.Text.Json.Serialization.JsonPropertyName("exp")] long Exp);
}
