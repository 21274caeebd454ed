using System.Globalization;
using System.Text;
using EntryExit.Core.Identity;

namespace EntryExit.DemoData;

/// <summary>
/// The deterministic synthetic population (SPEC §3): the same <c>seed</c> and <c>today</c> give the same lines,
/// byte for byte. It holds the well-known <see cref="DemoIdentities"/> (a cross-border commuter with 7,300+ crossings
/// in ten years, a name with ·, a person without crossings, a Hong Kong resident, a name outside the BMP) and
/// <see cref="OrdinaryTravellerCount"/> ordinary travellers with a few documents, endorsements, trips and passport
/// issuances each. Every ID number is a valid GB 11643-1999 number with a real region code.
/// </summary>
/// <example>
/// <code>
/// var lines = DemoPopulation.Generate(DemoPopulation.DefaultSeed, new DateOnly(2026, 11, 1));
/// using var file = File.Create("demo.ndjson");
/// DemoPopulation.WriteNdjson(lines, file);
/// </code>
/// </example>
public static class DemoPopulation
{
    public const int DefaultSeed = 20180402;
    public const int OrdinaryTravellerCount = 20;

    /// <summary>The commuter has at least this many crossings in the ten years that end today.</summary>
    public const int CommuterMinimumCrossingsInTenYears = 7_300;

    /// <summary>The earliest <c>today</c> the generator accepts (the well-known people must be adults with documents).</summary>
    public static readonly DateOnly EarliestToday = new(2020, 1, 1);

    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    /// <summary>The lines in import order: people, documents, endorsements, issuances, crossings (each person's crossings oldest first).</summary>
    public static IReadOnlyList<ImportLine> Generate(int seed, DateOnly today)
    {
        if (today < EarliestToday)
        {
            throw new ArgumentOutOfRangeException(nameof(today), today, $"today must be {EarliestToday:yyyy-MM-dd} or later.");
        }

        return new PopulationBuilder(seed, today).Build();
    }

    /// <summary>Writes one compact JSON object per line, UTF-8 without BOM, each line ending in <c>\n</c>.</summary>
    public static void WriteNdjson(IEnumerable<ImportLine> lines, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(stream);
        foreach (var line in lines)
        {
            line.WriteTo(stream);
            stream.WriteByte((byte)'\n');
        }
    }

    /// <summary>The whole file as one string (tests, small tools).</summary>
    public static string ToNdjson(IEnumerable<ImportLine> lines)
    {
        using var buffer = new MemoryStream();
        WriteNdjson(lines, buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Today's date in China Standard Time.</summary>
    public static DateOnly ChinaToday(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(ChinaOffset).DateTime);
    }

    /// <summary>A valid 18-character number: region + birth date + sequence + ISO 7064 MOD 11-2 check character.</summary>
    public static string IdNumberFor(string regionCode, DateOnly birthDate, int sequence)
    {
        ArgumentNullException.ThrowIfNull(regionCode);
        if (regionCode.Length != 6 || sequence is < 0 or > 999)
        {
            throw new ArgumentOutOfRangeException(nameof(sequence), "The region has 6 digits and the sequence 3.");
        }

        var body = string.Concat(regionCode, birthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture), sequence.ToString("D3", CultureInfo.InvariantCulture));
        return body + ResidentIdNumber.CheckCharacterFor(body);
    }
}
