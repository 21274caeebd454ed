using System.Text;

namespace EntryExit.Core.Identity;

/// <summary>
/// A person's name, normalised: trimmed, look-alike separators turned into <c>·</c> (U+00B7).
/// Chinese characters (any plane), the separator, and Latin letters with single spaces are allowed; 1–50 characters
/// counted as code points, so 𠮷 is one character.
/// </summary>
public sealed record PersonName
{
    public const char Separator = '\u00B7';
    private const int MaxLength = 50;

    private static readonly char[] LookAlikeSeparators = ['\u2022', '\u30FB', '\u2027', '\uFF0E', '.', '\u2219', '\u22C5', '\u00B7'];

    private PersonName(string value) => Value = value;

    public string Value { get; }

    /// <summary>Code points, not UTF-16 units.</summary>
    public int Length => Value.EnumerateRunes().Count();

    public static bool TryParse(string? input, out PersonName name)
    {
        name = null!;
        if (input is null)
        {
            return false;
        }

        var builder = new StringBuilder(input.Length);
        foreach (var c in input.Trim().Normalize(NormalizationForm.FormC))
        {
            builder.Append(Array.IndexOf(LookAlikeSeparators, c) >= 0 ? Separator : c);
        }

        var text = builder.ToString();
        var count = 0;
        var previous = Separator;
        var hasLetter = false;
        foreach (var rune in text.EnumerateRunes())
        {
            count++;
            var c = rune.Value;
            if (c == Separator || c == ' ')
            {
                // A separator or space joins two parts: never first, last or doubled.
                if (count == 1 || previous == Separator || previous == ' ')
                {
                    return false;
                }
            }
            else if (IsHan(rune) || IsLatinLetter(rune))
            {
                hasLetter = true;
            }
            else
            {
                return false;
            }

            previous = c <= char.MaxValue ? (char)c : 'a';
        }

        if (!hasLetter || count > MaxLength || previous == Separator || previous == ' ')
        {
            return false;
        }

        name = new PersonName(text);
        return true;
    }

    private static bool IsLatinLetter(Rune rune) =>
        Rune.IsLetter(rune) && rune.Value < 0x0250;

    private static bool IsHan(Rune rune)
    {
        var c = rune.Value;
        return c is (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xF900 and <= 0xFAFF) or 0x3007
            or (>= 0x20000 and <= 0x323AF);
    }

    /// <summary>Compares two names as the population record does: exact code points after normalisation.</summary>
    public bool Matches(PersonName other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override string ToString() => Value;
}
