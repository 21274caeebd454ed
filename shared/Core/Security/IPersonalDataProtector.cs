namespace EntryExit.Core.Security;

/// <summary>Encrypts personal data at rest (names, ID numbers, email addresses, passwords).</summary>
public interface IPersonalDataProtector
{
    /// <param name="plaintext">The value to protect.</param>
    /// <param name="context">Binds the ciphertext to where it is stored (e.g. the person key), so it cannot be moved.</param>
    string Protect(string plaintext, string context);

    /// <exception cref="System.Security.Cryptography.CryptographicException">Tampered, moved, or protected under another key.</exception>
    string Unprotect(string protectedValue, string context);

    /// <summary>The same protection for bytes (reference photos): nonce ‖ ciphertext ‖ tag.</summary>
    byte[] ProtectBytes(ReadOnlySpan<byte> plaintext, string context);

    /// <exception cref="System.Security.Cryptography.CryptographicException">Tampered, moved, or protected under another key.</exception>
    byte[] UnprotectBytes(ReadOnlySpan<byte> protectedBytes, string context);
}
