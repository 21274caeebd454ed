using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace EntryExit.Core.Security;

/// <summary>AES-256-GCM; output is <c>v1.</c> + base64(nonce ‖ ciphertext ‖ tag), the context as associated data.</summary>
public sealed class AesGcmProtector(IOptions<SecurityOptions> options) : IPersonalDataProtector
{
    private const string Prefix = "v1.";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key = SecurityOptions.DecodeKey(options.Value.DataProtectionKey, nameof(SecurityOptions.DataProtectionKey))[..32];

    public string Protect(string plaintext, string context)
    {
        var data = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + data.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, data, output.AsSpan(NonceSize, data.Length), output.AsSpan(NonceSize + data.Length), Encoding.UTF8.GetBytes(context));
        return Prefix + Convert.ToBase64String(output);
    }

    public string Unprotect(string protectedValue, string context)
    {
        if (!protectedValue.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new CryptographicException("Unknown protection format.");
        }

        byte[] input;
        try
        {
            input = Convert.FromBase64String(protectedValue[Prefix.Length..]);
        }
        catch (FormatException e)
        {
            throw new CryptographicException("Corrupt protected value.", e);
        }

        if (input.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("Corrupt protected value.");
        }

        var length = input.Length - NonceSize - TagSize;
        var plain = new byte[length];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize, length), input.AsSpan(NonceSize + length), plain, Encoding.UTF8.GetBytes(context));
        return Encoding.UTF8.GetString(plain);
    }
}
