using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text;
using EntryExit.Core.EFileChecks;

namespace EntryExit.EFile.Checks;

/// <summary>
/// Reads an uploaded PDF's first signature and its number without trusting anything in the file: finds the
/// signature's <c>/ByteRange</c>, takes the CMS from the hex string the range leaves out (the signature's
/// <c>/Contents</c>, which is never encrypted), checks it with <see cref="SignedCms"/> over the signed bytes, and
/// reads the document information's <c>/Subject</c> — the e-file number — from the revision the signature covers,
/// decrypting it with the password for an AES-256 encrypted e-file.
/// </summary>
public sealed class SignedPdfReader : ISignedPdfReader
{
    private const string SigningTimeOid = "1.2.840.113549.1.9.5";
    private const string MessageDigestOid = "1.2.840.113549.1.9.4";

    /// <summary>A PDF's header may follow up to 1,024 bytes of something else (ISO 32000-2 §7.5.2, as readers allow).</summary>
    private const int HeaderWindow = 1024;

    /// <summary>A /ByteRange value is four numbers in brackets: its parse never looks further than this.</summary>
    private const int ByteRangeWindow = 256;

    private static ReadOnlySpan<byte> ByteRangeKey => "/ByteRange"u8;

    public SignedPdfReading Read(ReadOnlyMemory<byte> pdf, string? password) => Read(pdf, password, PdfWorkBudget.For(pdf.Length));

    /// <summary>Reads with the work spent from <paramref name="budget"/>: over it, the outcome is <see cref="SignedPdfOutcome.TooComplex"/>.</summary>
    internal static SignedPdfReading Read(ReadOnlyMemory<byte> pdf, string? password, PdfWorkBudget budget)
    {
        try
        {
            return ReadWithin(pdf, password, budget);
        }
        catch (PdfTooComplexException)
        {
            return new SignedPdfReading(SignedPdfOutcome.TooComplex);
        }
    }

    private static SignedPdfReading ReadWithin(ReadOnlyMemory<byte> pdf, string? password, PdfWorkBudget budget)
    {
        var header = pdf.Span[..Math.Min(pdf.Length, HeaderWindow)];
        budget.Visit(header.Length);
        if (header.IndexOf("%PDF-"u8) < 0)
        {
            return new SignedPdfReading(SignedPdfOutcome.NotAPdf);
        }

        var (signature, signedEnd) = ReadSignature(pdf, budget);

        // The number is read from the revision that was signed: an incremental update appended later cannot change it.
        var structure = PdfStructure.TryRead(pdf[..signedEnd], budget);
        StandardSecurity? security = null;
        var readable = true;
        if (structure?.Resolve(structure.Trailer["Encrypt"]) is CosDictionary encrypt)
        {
            if (StandardSecurity.Supports(encrypt))
            {
                // An empty user password opens without asking (a file restricted by its owner password only).
                security = StandardSecurity.Open(encrypt, "");
                if (security is null)
                {
                    if (password is null)
                    {
                        return new SignedPdfReading(SignedPdfOutcome.PasswordRequired);
                    }

                    security = StandardSecurity.Open(encrypt, password);
                    if (security is null)
                    {
                        return new SignedPdfReading(SignedPdfOutcome.PasswordWrong);
                    }
                }
            }
            else
            {
                readable = false;
            }
        }

        var subject = readable && structure is not null ? ReadSubject(structure, security, budget) : null;
        return new SignedPdfReading(SignedPdfOutcome.Read, signature, subject);
    }

    private static string? ReadSubject(PdfStructure structure, StandardSecurity? security, PdfWorkBudget budget)
    {
        if (structure.Resolve(structure.Trailer["Info"]) is not CosDictionary info || structure.Resolve(info["Subject"]) is not CosString subject)
        {
            return null;
        }

        budget.Visit(subject.Bytes.Length);
        var bytes = security is null ? subject.Bytes : security.DecryptString(subject.Bytes);
        return bytes is null ? null : TextString(bytes);
    }

    /// <summary>A PDF text string: UTF-16BE or UTF-8 with their byte order marks, else PDFDocEncoding (Latin-1 for what a number holds).</summary>
    internal static string TextString(byte[] bytes) => bytes switch
    {
        [0xFE, 0xFF, ..] => Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2),
        [0xEF, 0xBB, 0xBF, ..] => Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3),
        _ => Encoding.Latin1.GetString(bytes),
    };

    /// <summary>
    /// The first well-formed signature, and where the bytes it covers end (the file's end when there is none). Each
    /// /ByteRange value is parsed within its window (at most <see cref="ByteRangeWindow"/> bytes, and never past the
    /// next /ByteRange), so a file of nothing but <c>/ByteRange(</c> costs each byte a constant number of visits.
    /// </summary>
    private static (PdfSignatureFacts? Facts, int SignedEnd) ReadSignature(ReadOnlyMemory<byte> pdf, PdfWorkBudget budget)
    {
        var span = pdf.Span;
        var occurrences = 0;
        ByteRange? first = null;
        var previous = -1;
        for (var from = 0; from <= span.Length;)
        {
            var found = span[from..].IndexOf(ByteRangeKey);
            var at = found < 0 ? span.Length : from + found;
            budget.Visit(at - from);
            if (previous >= 0 && first is null)
            {
                var value = previous + ByteRangeKey.Length;
                first = ByteRange.TryParse(pdf, value, Math.Min(at, value + ByteRangeWindow), budget);
            }

            if (found < 0)
            {
                break;
            }

            occurrences++;
            previous = at;
            from = at + ByteRangeKey.Length;
        }

        if (first is not { } range)
        {
            // A /ByteRange that makes no sense is a signature that proves nothing; no /ByteRange is no signature.
            return (occurrences == 0 ? null : new PdfSignatureFacts(false, false, null, null), span.Length);
        }

        var coversWholeFile = occurrences == 1 && range.Start1 == 0 && range.End == span.Length;
        return (Check(pdf, range, coversWholeFile, budget), range.End);
    }

    private static PdfSignatureFacts Check(ReadOnlyMemory<byte> pdf, ByteRange range, bool coversWholeFile, PdfWorkBudget budget)
    {
        var span = pdf.Span;
        SignedCms cms;

        // The signed bytes are copied and hashed, the gap's hex decoded: each byte of the file about twice.
        budget.Visit(2L * (range.Length1 + range.Length2) + (range.Start2 - range.GapStart));
        try
        {
            var content = new byte[range.Length1 + range.Length2];
            span.Slice(range.Start1, range.Length1).CopyTo(content);
            span.Slice(range.Start2, range.Length2).CopyTo(content.AsSpan(range.Length1));
            cms = new SignedCms(new ContentInfo(content), detached: true);
            cms.Decode(CmsBytes(span[(range.GapStart + 1)..(range.Start2 - 1)]));
            if (cms.SignerInfos.Count == 0)
            {
                return new PdfSignatureFacts(false, false, null, null);
            }

            var signer = cms.SignerInfos[0];
            var signedAt = SigningTime(signer);
            var intact = DigestMatches(signer, content) && SignatureVerifies(signer);
            return new PdfSignatureFacts(intact, intact && coversWholeFile, signer.Certificate, signedAt);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or AsnContentException)
        {
            return new PdfSignatureFacts(false, false, null, null);
        }
    }

    /// <summary>The CMS from the /Contents hex string: whitespace ignored, and the zero padding after its DER end dropped.</summary>
    private static byte[] CmsBytes(ReadOnlySpan<byte> hex)
    {
        var digits = new StringBuilder(hex.Length);
        foreach (var b in hex)
        {
            if (char.IsAsciiHexDigit((char)b))
            {
                digits.Append((char)b);
            }
            else if (!CosParser.IsWhitespace(b))
            {
                throw new FormatException("The signature's /Contents is not a hexadecimal string.");
            }
        }

        if (digits.Length % 2 == 1)
        {
            digits.Append('0');
        }

        var bytes = Convert.FromHexString(digits.ToString());
        return new AsnReader(bytes, AsnEncodingRules.BER).ReadEncodedValue().ToArray();
    }

    /// <summary>The messageDigest signed attribute equals the hash of the signed bytes (SignedCms checks it too; said here plainly).</summary>
    private static bool DigestMatches(SignerInfo signer, byte[] content)
    {
        var attribute = signer.SignedAttributes.Cast<CryptographicAttributeObject>().FirstOrDefault(a => a.Oid.Value == MessageDigestOid);
        if (attribute is not { Values.Count: 1 })
        {
            return false;
        }

        var digest = new Pkcs9MessageDigest();
        digest.CopyFrom(attribute.Values[0]);
        byte[]? actual = signer.DigestAlgorithm.Value switch
        {
            "2.16.840.1.101.3.4.2.1" => SHA256.HashData(content),
            "2.16.840.1.101.3.4.2.2" => SHA384.HashData(content),
            "2.16.840.1.101.3.4.2.3" => SHA512.HashData(content),
            _ => null,
        };
        return actual is not null && CryptographicOperations.FixedTimeEquals(actual, digest.MessageDigest);
    }

    /// <summary>The signature over the signed attributes, with the certificate the CMS carries; no chain building here.</summary>
    private static bool SignatureVerifies(SignerInfo signer)
    {
        if (signer.Certificate is null)
        {
            return false;
        }

        try
        {
            signer.CheckSignature(verifySignatureOnly: true);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static DateTimeOffset? SigningTime(SignerInfo signer)
    {
        var attribute = signer.SignedAttributes.Cast<CryptographicAttributeObject>().FirstOrDefault(a => a.Oid.Value == SigningTimeOid);
        if (attribute is not { Values.Count: 1 })
        {
            return null;
        }

        var time = new Pkcs9SigningTime(attribute.Values[0].RawData).SigningTime;
        return new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc));
    }

    /// <summary>
    /// A /ByteRange [start1 length1 start2 length2] whose gap is a hex string: <c>&lt;</c> right where the first range
    /// ends and <c>&gt;</c> right before the second begins.
    /// </summary>
    private readonly record struct ByteRange(int Start1, int Length1, int Start2, int Length2)
    {
        public int GapStart => Start1 + Length1;

        public int End => Start2 + Length2;

        /// <summary>The value at <paramref name="position"/>, read from the bytes before <paramref name="end"/> only.</summary>
        public static ByteRange? TryParse(ReadOnlyMemory<byte> pdf, int position, int end, PdfWorkBudget budget)
        {
            try
            {
                if (new CosParser(pdf[..end], position, budget).ReadObject() is not CosArray { Items: [CosNumber a, CosNumber b, CosNumber c, CosNumber d] }
                    || !new[] { a, b, c, d }.All(n => n.IsInteger && n.Value is >= 0 and <= int.MaxValue))
                {
                    return null;
                }

                long start1 = (long)a.Value, length1 = (long)b.Value, start2 = (long)c.Value, length2 = (long)d.Value;
                var span = pdf.Span;
                var gapStart = start1 + length1;
                if (length1 == 0 || start2 < gapStart + 2 || start2 + length2 > span.Length
                    || span[(int)gapStart] != '<' || span[(int)start2 - 1] != '>')
                {
                    return null;
                }

                return new ByteRange((int)start1, (int)length1, (int)start2, (int)length2);
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
