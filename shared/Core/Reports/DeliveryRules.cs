using System.Globalization;
using System.Text;

namespace EntryExit.Core.Reports;

/// <summary>Validation of the recipient and the PDF password of an emailed e-file.</summary>
public static class DeliveryRules
{
    // RFC 5321 §4.5.3.1: a local part of at most 64 octets, a path of at most 256 (so an address of at most 254).
    private const int MaxLocalOctets = 64;
    private const int MaxAddressOctets = 254;

    private static readonly IdnMapping Idna = new() { UseStd3AsciiRules = true, AllowUnassigned = false };

    /// <summary>
    /// A plain <c>local@domain</c> address as a mail system takes it (RFC 5321 dot-atom, RFC 6531 UTF-8 letters,
    /// digits and marks): no display name, quotes, comments or line breaks (header injection), no control, format or
    /// bidi characters (U+202E shows an address other than the one mail goes to), no IP-literal domain, a domain of
    /// two or more IDNA labels in their normal form — none starting or ending with a hyphen, the last not numeric —
    /// and the RFC 5321 lengths, counted in octets with the domain as A-labels.
    /// </summary>
    public static bool IsValidEmail(string? text)
    {
        if (text is null || text.Length is < 3 or > MaxAddressOctets)
        {
            return false;
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at < 1 || at != text.LastIndexOf('@') || at == text.Length - 1)
        {
            return false;
        }

        var local = text[..at];
        var ascii = AsciiDomain(text[(at + 1)..]);
        return ascii is not null && IsDotAtom(local)
            && Encoding.UTF8.GetByteCount(local) is var localOctets && localOctets <= MaxLocalOctets
            && localOctets + 1 + ascii.Length <= MaxAddressOctets;
    }

    /// <summary>8–32 ASCII letters and digits, at least one of each.</summary>
    public static bool IsStrongPassword(string? text) =>
        text is { Length: >= 8 and <= 32 }
        && text.All(char.IsAsciiLetterOrDigit)
        && text.Any(char.IsAsciiLetter)
        && text.Any(char.IsAsciiDigit);

    /// <summary>Atoms of atext (or UTF-8 letters, marks and digits) joined by single dots.</summary>
    private static bool IsDotAtom(string local)
    {
        if (local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = 0; i < local.Length;)
        {
            // A lone surrogate is not text: it cannot be written as UTF-8 at all.
            if (Rune.DecodeFromUtf16(local.AsSpan(i), out var rune, out var length) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }

            if (!(rune.IsAscii ? IsAtext((char)rune.Value) : IsInternationalAtext(rune)))
            {
                return false;
            }

            i += length;
        }

        return true;
    }

    private static bool IsAtext(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+'
        or '-' or '/' or '=' or '?' or '^' or '_' or '`' or '{' or '|' or '}' or '~';

    /// <summary>Letters, marks and digits only: no symbols, spaces, punctuation look-alikes (＠ U+FF20), format or bidi controls.</summary>
    private static bool IsInternationalAtext(Rune rune) => Rune.GetUnicodeCategory(rune) is UnicodeCategory.UppercaseLetter
        or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
        or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
        or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;

    /// <summary>
    /// The domain as A-labels, or null: two or more LDH labels of 1–63 octets that neither start nor end with a hyphen,
    /// a top-level label that is not all digits (no <c>1.2.3.4</c>, and no <c>[127.0.0.1]</c> literal), 253 octets at
    /// most, written either as A-labels or in its normal Unicode form (no full-width letters left for a mapping to fix).
    /// </summary>
    private static string? AsciiDomain(string domain)
    {
        if (domain.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.Surrogate))
        {
            return null;
        }

        string ascii;
        try
        {
            ascii = Idna.GetAscii(domain);
            if (!ascii.Equals(domain, StringComparison.OrdinalIgnoreCase) && !Idna.GetUnicode(ascii).Equals(domain, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }
        catch (ArgumentException)
        {
            return null;
        }

        var labels = ascii.Split('.');
        return ascii.Length <= 253 && labels.Length >= 2 && labels.All(IsLdhLabel) && !labels[^1].All(char.IsAsciiDigit) ? ascii : null;
    }

    private static bool IsLdhLabel(string label) => label.Length is >= 1 and <= 63 && !label.StartsWith('-') && !label.EndsWith('-')
        && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
