using System.Security.Cryptography;

namespace EntryExit.Core.Security;

/// <summary>Cryptographic randomness, injected so tests can make numbers and challenges predictable.</summary>
public interface ISecureRandom
{
    /// <summary>A uniform integer in [0, <paramref name="toExclusive"/>).</summary>
    int NextInt(int toExclusive);

    void Fill(Span<byte> buffer);
}

public sealed class SystemSecureRandom : ISecureRandom
{
    public int NextInt(int toExclusive) => RandomNumberGenerator.GetInt32(toExclusive);

    public void Fill(Span<byte> buffer) => RandomNumberGenerator.Fill(buffer);
}

public static class SecureRandomExtensions
{
    /// <summary>URL-safe random identifier of <paramref name="bytes"/> random bytes.</summary>
    public static string NextId(this ISecureRandom random, int bytes = 16)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        random.Fill(buffer);
        return Base64Url.Encode(buffer);
    }
}
