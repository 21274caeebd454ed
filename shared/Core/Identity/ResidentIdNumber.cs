using System.Globalization;

namespace EntryExit.Core.Identity;

/// <summary>
/// An 18-character resident ID number (GB 11643-1999), validated on creation:
/// region, real birth date (1900 to today), sequence, ISO 7064 MOD 11-2 check character.
/// </summary>
public sealed record ResidentIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";
    private static readonly DateOnly Earliest = new(1900, 1, 1);

    private ResidentIdNumber(string value, DateOnly birthDate)
    {
        Value = value;
        BirthDate = birthDate;
    }

    /// <summary>The normalised 18 characters (upper-case X).</summary>
    public string Value { get; }

    public DateOnly BirthDate { get; }

    public string RegionCode => Value[..6];

    /// <summary>Odd sequence = male, even = female.</summary>
    public Sex Sex => (Value[16] - '0') % 2 == 1 ? Sex.Male : Sex.Female;

    /// <summary>The only form that may appear in a log line: <c>110105********002X</c>.</summary>
    public string Masked => Mask(Value);

    public static string Mask(string value) =>
        value.Length == 18 ? string.Concat(value.AsSpan(0, 6), "********", value.AsSpan(14)) : "******************";

    /// <summary>The check character for a 17-digit body.</summary>
    public static char CheckCharacterFor(ReadOnlySpan<char> body)
    {
        if (body.Length != 17)
        {
            throw new ArgumentException("The body has 17 digits.", nameof(body));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (body[i] - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }

    public static bool TryParse(string? input, DateOnly today, out ResidentIdNumber idNumber)
    {
        idNumber = null!;
        if (input is null)
        {
            return false;
        }

        var text = input.Trim();
        if (text.Length != 18)
        {
            return false;
        }

        Span<char> chars = stackalloc char[18];
        for (var i = 0; i < 18; i++)
        {
            var c = text[i];
            if (i == 17 && c is 'x' or 'X')
            {
                c = 'X';
            }
            else if (c is < '0' or > '9')
            {
                return false;
            }

            chars[i] = c;
        }

        if (chars[..6] is "000000" || chars[..2] is "00")
        {
            return false;
        }

        if (!DateOnly.TryParseExact(chars.Slice(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birthDate)
            || birthDate < Earliest || birthDate > today)
        {
            return false;
        }

        if (CheckCharacterFor(chars[..17]) != chars[17])
        {
            return false;
        }

        idNumber = new ResidentIdNumber(new string(chars), birthDate);
        return true;
    }

    public override string ToString() => Masked;
}
