using System.Security.Cryptography;
using System.Text;

namespace EntryExit.EFile.Checks;

/// <summary>
/// The standard security handler of AES-256 encrypted PDFs (V 5, R 6 as PDFsharp writes emailed e-files; R 5, its
/// deprecated predecessor, too): checks a password against /U or /O, unwraps the file key from /UE or /OE
/// (ISO 32000-2 §7.6.4.3.3–4, algorithm 2.A and 2.B), and decrypts strings (AESV3: a 16-byte IV, then AES-256-CBC).
/// </summary>
internal sealed class StandardSecurity
{
    private const int SaltLength = 8;
    private const int HashLength = 32;

    private readonly byte[] fileKey;

    private StandardSecurity(byte[] fileKey) => this.fileKey = fileKey;

    /// <summary>Whether a PDF with this /Encrypt dictionary is one this handler reads.</summary>
    public static bool Supports(CosDictionary encrypt)
    {
        ArgumentNullException.ThrowIfNull(encrypt);
        return encrypt.Name("Filter") == "Standard" && encrypt.Integer("V") == 5 && encrypt.Integer("R") is 5 or 6
            && encrypt.Bytes("U") is { Length: >= 48 } && encrypt.Bytes("O") is { Length: >= 48 }
            && encrypt.Bytes("UE") is { Length: 32 } && encrypt.Bytes("OE") is { Length: 32 };
    }

    /// <summary>The handler opened with <paramref name="password"/> (user or owner), or null when it is neither.</summary>
    public static StandardSecurity? Open(CosDictionary encrypt, string password)
    {
        ArgumentNullException.ThrowIfNull(encrypt);
        ArgumentNullException.ThrowIfNull(password);
        if (!Supports(encrypt))
        {
            throw new NotSupportedException("Only the AES-256 standard security handler (V 5, R 5 or 6) is supported.");
        }

        var revision = (int)encrypt.Integer("R")!.Value;
        var u = encrypt.Bytes("U").AsSpan(0, 48);
        var o = encrypt.Bytes("O").AsSpan(0, 48);
        var pw = PasswordBytes(password);

        // Algorithm 2.A: the user password hashes with U's validation salt to U's hash, the owner password with O's
        // validation salt and U to O's hash; the key salt then gives the key that unwraps UE or OE.
        if (CryptographicOperations.FixedTimeEquals(Hash(pw, u.Slice(HashLength, SaltLength), [], revision), u[..HashLength]))
        {
            return new StandardSecurity(Unwrap(Hash(pw, u.Slice(HashLength + SaltLength, SaltLength), [], revision), encrypt.Bytes("UE")!));
        }

        if (CryptographicOperations.FixedTimeEquals(Hash(pw, o.Slice(HashLength, SaltLength), u, revision), o[..HashLength]))
        {
            return new StandardSecurity(Unwrap(Hash(pw, o.Slice(HashLength + SaltLength, SaltLength), u, revision), encrypt.Bytes("OE")!));
        }

        return null;
    }

    /// <summary>A string decrypted with the file key; null when it is not a well-formed AESV3 string.</summary>
    public byte[]? DecryptString(byte[] encrypted)
    {
        ArgumentNullException.ThrowIfNull(encrypted);
        if (encrypted.Length < 32 || encrypted.Length % 16 != 0)
        {
            return null;
        }

        using var aes = Aes.Create();
        aes.Key = fileKey;
        try
        {
            return aes.DecryptCbc(encrypted.AsSpan(16), encrypted.AsSpan(0, 16), PaddingMode.PKCS7);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>UTF-8 of the password (normalised as SASLprep would for the letters and digits e-file passwords are), at most 127 bytes.</summary>
    private static byte[] PasswordBytes(string password)
    {
        var bytes = Encoding.UTF8.GetBytes(password.Normalize(NormalizationForm.FormKC));
        return bytes.Length > 127 ? bytes[..127] : bytes;
    }

    private static byte[] Unwrap(byte[] intermediateKey, byte[] wrapped)
    {
        using var aes = Aes.Create();
        aes.Key = intermediateKey;
        return aes.DecryptCbc(wrapped, new byte[16], PaddingMode.None);
    }

    /// <summary>Algorithm 2.B (R 6): SHA-256, then at least 64 rounds of AES-128-CBC and SHA-256/384/512. R 5 stops after the first SHA-256.</summary>
    private static byte[] Hash(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> userKey, int revision)
    {
        byte[] k = SHA256.HashData([.. password, .. salt, .. userKey]);
        if (revision == 5)
        {
            return k;
        }

        using var aes = Aes.Create();
        var round = 0;
        while (true)
        {
            var sequence = password.Length + k.Length + userKey.Length;
            var k1 = new byte[sequence * 64];
            for (var i = 0; i < 64; i++)
            {
                var at = k1.AsSpan(i * sequence);
                password.CopyTo(at);
                k.CopyTo(at[password.Length..]);
                userKey.CopyTo(at[(password.Length + k.Length)..]);
            }

            aes.Key = k[..16];
            var e = aes.EncryptCbc(k1, k.AsSpan(16, 16), PaddingMode.None);

            // The first 16 bytes of E as a big-endian number, modulo 3: the same as the sum of the bytes modulo 3.
            var sum = 0;
            for (var i = 0; i < 16; i++)
            {
                sum += e[i];
            }

            k = (sum % 3) switch
            {
                0 => SHA256.HashData(e),
                1 => SHA384.HashData(e),
                _ => SHA512.HashData(e),
            };
            round++;
            if (round >= 64 && e[^1] <= round - 32)
            {
                return k[..HashLength];
            }
        }
    }
}
