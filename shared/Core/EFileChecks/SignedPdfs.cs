using System.Security.Cryptography.X509Certificates;

namespace EntryExit.Core.EFileChecks;

/// <summary>
/// Reads what an uploaded PDF says about its signature and its number, trusting nothing in it: the adapter
/// (<c>shared/EFile/Checks</c>) parses the bytes itself and checks the CMS; deciding whether the signer is ours is
/// the service's.
/// </summary>
public interface ISignedPdfReader
{
    /// <param name="password">The user (or owner) password of an encrypted PDF; ignored for one that is not encrypted.</param>
    SignedPdfReading Read(ReadOnlyMemory<byte> pdf, string? password);
}

/// <summary>How reading a PDF went.</summary>
public enum SignedPdfOutcome
{
    /// <summary>Read: <see cref="SignedPdfReading.Signature"/> and <see cref="SignedPdfReading.Subject"/> say what was found.</summary>
    Read,

    /// <summary>No <c>%PDF-</c> header in the first 1,024 bytes.</summary>
    NotAPdf,

    /// <summary>Encrypted with a password that is not empty, and none was given.</summary>
    PasswordRequired,

    /// <summary>Encrypted, and the password given is neither its user nor its owner password.</summary>
    PasswordWrong,

    /// <summary>Reading it would take more work than its size justifies (bytes visited, objects, nesting, cross-reference entries).</summary>
    TooComplex,
}

/// <param name="Signature">The first signature of the file, or null when it has none.</param>
/// <param name="Subject">
/// The document information's /Subject of the signed revision (decrypted), where the renderer puts the e-file's number;
/// null when there is none or it cannot be read (an encryption other than AES-256, an object in an object stream).
/// </param>
public sealed record SignedPdfReading(SignedPdfOutcome Outcome, PdfSignatureFacts? Signature = null, string? Subject = null);

/// <summary>What the first signature of a PDF proves by itself.</summary>
/// <param name="Intact">
/// The CMS signature verifies over its signed attributes with the signer certificate it carries, and their
/// messageDigest is the hash of the bytes the /ByteRange covers: nothing in the signed ranges changed since signing.
/// </param>
/// <param name="CoversWholeFile">
/// The file has one signature, and its /ByteRange starts at byte 0, leaves out exactly the /Contents hex string and
/// ends at the file's last byte: nothing was appended (no incremental update) after signing.
/// </param>
/// <param name="Signer">The signer's certificate as embedded in the CMS; null when the CMS names none or is unreadable.</param>
/// <param name="SignedAt">The CMS signingTime attribute.</param>
public sealed record PdfSignatureFacts(bool Intact, bool CoversWholeFile, X509Certificate2? Signer, DateTimeOffset? SignedAt);
