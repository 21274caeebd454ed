using System.ComponentModel.DataAnnotations;

namespace EntryExit.Core.Security;

/// <summary>Keys from configuration (Key Vault references in Azure). Each is base64 of at least 32 random bytes.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>HMAC key for <see cref="Identity.PersonKey"/>. Changing it orphans every stored record.</summary>
    [Required]
    public string PersonKeySecret { get; set; } = "";

    /// <summary>AES-256-GCM key for personal data at rest.</summary>
    [Required]
    public string DataProtectionKey { get; set; } = "";

    /// <summary>HMAC-SHA256 key that signs access tokens.</summary>
    [Required]
    public string TokenSigningKey { get; set; } = "";

    /// <summary>Names <see cref="TokenSigningKey"/> inside each token, so keys can rotate.</summary>
    public string TokenKeyId { get; set; } = "k1";

    /// <summary>
    /// Keys that signed tokens before the current one, by key id: tokens they signed still verify until the key is
    /// removed here (at most a token lifetime after rotating). Setting: <c>Security__RetiredTokenKeys__&lt;keyId&gt;</c>.
    /// </summary>
    public Dictionary<string, string> RetiredTokenKeys { get; } = [];

    public static byte[] DecodeKey(string value, string name)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"Setting {Section}:{name} is not base64.");
        }

        return bytes.Length >= 32 ? bytes : throw new InvalidOperationException($"Setting {Section}:{name} must hold at least 32 bytes.");
    }
}
