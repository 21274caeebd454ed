namespace EntryExit.Core.Identity;

/// <summary>
/// A name in Latin script as a passport prints it (SPEC §5.1 <c>nameLatin</c>): upper-case letters A–Z in words joined
/// by one space, hyphen or apostrophe, or a comma and a space between surname and given names (ZHANG SAN,
/// MAIMAITI AILI, ZHANG, SAN), at most 64 characters.
/// </summary>
public sealed record LatinName
{
    private const int MaxLength = 64;

    private LatinName(string value) => Value = value;

    public string Value { get; }

    /// <summary>Accepts lower case too (the passport spelling is the letters; print is always upper case).</summary>
    public static bool TryParse(string? text, out LatinName name)
    {
        name = null!;
        var value = text?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || !IsWellFormed(value))
        {
            return false;
        }

        name = new LatinName(value);
        return true;
    }

    public override string ToString() => Value;

    private static bool IsWellFormed(string value)
    {
        var previousLetter = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is >= 'A' and <= 'Z')
            {
                previousLetter = true;
                continue;
            }

            // A separator must follow a letter; ", " is the only two-character one.
            var separator = c is ' ' or '-' or '\'' || (c == ',' && i + 1 < value.Length && value[i + 1] == ' ');
            if (!separator || !previousLetter)
            {
                return false;
            }

            if (c == ',')
            {
                i++;
            }

            previousLetter = false;
        }

        return previousLetter;
    }
}
