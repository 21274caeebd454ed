using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace EntryExit.Core.Reports;

/// <summary>The e-file's 编号: <c>E</c> + yyMMdd (China date it was requested) + 6 random digits, e.g. <c>E230223377109</c>.</summary>
public readonly record struct ReportNumber
{
    private ReportNumber(string value) => Value = value;

    public string Value { get; }

    public static ReportNumber Create(DateOnly chinaDate, int sixDigits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sixDigits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sixDigits, 999_999);
        return new ReportNumber(string.Create(CultureInfo.InvariantCulture, $"E{chinaDate:yyMMdd}{sixDigits:D6}"));
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out ReportNumber number)
    {
        number = default;
        if (text is not { Length: 13 } || text[0] != 'E' || !text.AsSpan(1).ContainsOnlyDigits()
            || !DateOnly.TryParseExact(text.AsSpan(1, 6), "yyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return false;
        }

        number = new ReportNumber(text);
        return true;
    }

    public override string ToString() => Value;
}

internal static class SpanDigits
{
    public static bool ContainsOnlyDigits(this ReadOnlySpan<char> span) => !span.ContainsAnyExceptInRange('0', '9');
}
