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

    public string Protect(string plaintext, string context) =>
        Prefix + Convert.ToBase64String(ProtectBytes(Encoding.UTF8.GetBytes(plaintext), context));

    public byte[] ProtectBytes(ReadOnlySpan<byte> plaintext, string context)
    {
        var output = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize, plaintext.Length), output.AsSpan(NonceSize + plaintext.Length), Encoding.UTF8.GetBytes(context));
        return output;
    }

    public byte[] UnprotectBytes(ReadOnlySpan<byte> protectedBytes, string context)
    {
        if (protectedBytes.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("Corrupt protected value.");
        }

        var length = protectedBytes.Length - NonceSize - TagSize;
        var plain = new byte[length];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(protectedBytes[..NonceSize], protectedBytes.Slice(NonceSize, length), protectedBytes[(NonceSize + length)..], plain, Encoding.UTF8.GetBytes(context));
        return plain;
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

        return Encoding.UTF8.GetString(UnprotectBytes(input, context));
    }
}
