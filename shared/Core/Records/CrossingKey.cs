using System.Globalization;

namespace EntryExit.Core.Records;

/// <summary>
/// How a crossing's row key is built: the inverted UTC ticks of its instant (19 digits, so the newest sorts first),
/// then the document and direction that make it unique. A China-time range becomes one contiguous key range.
/// </summary>
public static class CrossingKey
{
    private const string DigitsFormat = "D19";

    public static string RowKey(Crossing crossing) =>
        string.Create(CultureInfo.InvariantCulture, $"{Inverted(crossing.At)}_{crossing.DocumentKind.Code()}_{crossing.DocumentNumber}_{crossing.Direction.Code()}");

    /// <summary>Row keys of crossings at or after <paramref name="start"/> and before <paramref name="end"/>: <c>lower ≤ key &lt; upper</c>.</summary>
    public static (string Lower, string Upper) Range(DateTimeOffset start, DateTimeOffset end) =>
        (Inverted(end, 1), Inverted(start, 1));

    private static string Inverted(DateTimeOffset instant, long shift = 0) =>
        (DateTimeOffset.MaxValue.UtcTicks - instant.UtcTicks + shift).ToString(DigitsFormat, CultureInfo.InvariantCulture);
}
