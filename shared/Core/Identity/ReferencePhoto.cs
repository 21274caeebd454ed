using System.Security.Cryptography;

namespace EntryExit.Core.Identity;

/// <summary>
/// A person's ID photo, the face the live face must match (SPEC §2.1, §3). Biometric data: it is never logged and
/// never returned; <see cref="ToString"/> says nothing about it.
/// </summary>
public sealed class ReferencePhoto
{
    /// <summary>At most 1 MB decoded (SPEC §5.1).</summary>
    public const int MaxBytes = 1024 * 1024;

    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegSignature = [0xFF, 0xD8, 0xFF];
    private readonly byte[] _bytes;
    private string? _digest;

    private ReferencePhoto(byte[] bytes, string contentType)
    {
        _bytes = bytes;
        ContentType = contentType;
    }

    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary><see cref="Jpeg"/> or <see cref="Png"/>, as the bytes themselves say.</summary>
    public string ContentType { get; }

    /// <summary>Lower-case hex SHA-256 of the bytes: what the development provider matches a shown face against (SPEC §5.2).</summary>
    public string Digest => _digest ??= Convert.ToHexStringLower(SHA256.HashData(_bytes));

    /// <summary>The type the magic bytes say, or null when they are neither JPEG nor PNG.</summary>
    public static string? Sniff(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith(PngSignature) ? Png : bytes.StartsWith(JpegSignature) ? Jpeg : null;

    /// <summary>A photo from stored or uploaded bytes: JPEG or PNG by their magic bytes, at most <see cref="MaxBytes"/>.</summary>
    public static ReferencePhoto? From(byte[] bytes) =>
        bytes.Length is > 0 and <= MaxBytes && Sniff(bytes) is { } type ? new ReferencePhoto(bytes, type) : null;

    /// <summary>Whether <paramref name="other"/> holds the same bytes.</summary>
    public bool SameAs(ReferencePhoto other) => _bytes.AsSpan().SequenceEqual(other._bytes);

    public override string ToString() => "ReferencePhoto";
}

/// <summary>
/// Reference photos, kept encrypted by the application in a private container, named by the PersonKey; sent only to
/// the face provider.
/// </summary>
public interface IReferencePhotos
{
    Task<ReferencePhoto?> FindAsync(PersonKey personKey, CancellationToken cancellationToken);

    /// <summary>Sets or replaces the person's photo; the same bytes again change nothing.</summary>
    Task SaveAsync(PersonKey personKey, ReferencePhoto photo, CancellationToken cancellationToken);

    /// <summary>Deletes the person's photo; succeeds also when there is none.</summary>
    Task DeleteAsync(PersonKey personKey, CancellationToken cancellationToken);
}
