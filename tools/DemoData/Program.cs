using System.Globalization;
using System.Text;

namespace EntryExit.DemoData;

/// <summary>
/// <c>dotnet run --project tools/DemoData -- [--seed N] [--today yyyy-MM-dd] [--out FILE] [--print-identities] [--photo ID_NUMBER]</c>.
/// Writes the demo population as NDJSON (SPEC §5.1) to FILE or standard output, or one person's synthetic reference
/// photo (PNG).
/// </summary>
internal static class Program
{
    private static readonly string Usage = $"""
        Usage: EntryExit.DemoData [--seed N] [--today yyyy-MM-dd] [--out FILE] [--print-identities] [--photo ID_NUMBER]

        Writes a deterministic synthetic population as NDJSON (SPEC §5.1: person, document, endorsement,
        issuance and crossing lines) to FILE, or to standard output.

          --seed N              the seed (default {DemoPopulation.DefaultSeed}); the same seed and today give byte-identical output
          --today yyyy-MM-dd    the day the data ends (default: today in China Standard Time)
          --out FILE            write to FILE instead of standard output
          --print-identities    print the well-known demo people (role, name, ID number, what for), tab-separated
          --photo ID_NUMBER     write the synthetic reference photo (PNG) of that person instead, to FILE or standard
                                output: the face the development liveness answer shows (SPEC §5.2)
          -h, --help            this text
        """;

    public static int Main(string[] args)
    {
        var seed = DemoPopulation.DefaultSeed;
        DateOnly? today = null;
        string? output = null;
        var printIdentities = false;
        string? photoOf = null;

        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seed" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s):
                    seed = s;
                    i++;
                    break;
                case "--today" when i + 1 < args.Length && DateOnly.TryParseExact(args[i + 1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t):
                    today = t;
                    i++;
                    break;
                case "--out" when i + 1 < args.Length:
                    output = args[++i];
                    break;
                case "--photo" when i + 1 < args.Length:
                    photoOf = args[++i];
                    break;
                case "--print-identities":
                    printIdentities = true;
                    break;
                case "-h" or "--help":
                    Console.Out.Write(Usage);
                    return 0;
                default:
                    Console.Error.WriteLine($"Unknown or incomplete argument: {args[i]}");
                    Console.Error.Write(Usage);
                    return 2;
            }
        }

        using var stdout = Console.OpenStandardOutput();
        if (printIdentities)
        {
            var text = new StringBuilder();
            foreach (var identity in DemoIdentities.All)
            {
                text.Append(CultureInfo.InvariantCulture, $"{identity.Role}\t{identity.Name}\t{identity.IdNumber}\t{identity.Description}\n");
            }

            stdout.Write(Encoding.UTF8.GetBytes(text.ToString()));
            return 0;
        }

        if (photoOf is not null)
        {
            var png = SyntheticFaces.Png(photoOf);
            if (output is null)
            {
                stdout.Write(png);
            }
            else
            {
                File.WriteAllBytes(output, png);
            }

            return 0;
        }

        var day = today ?? DemoPopulation.ChinaToday(TimeProvider.System);
        if (day < DemoPopulation.EarliestToday)
        {
            Console.Error.WriteLine($"--today must be {DemoPopulation.EarliestToday:yyyy-MM-dd} or later.");
            return 2;
        }

        var lines = DemoPopulation.Generate(seed, day);
        if (output is null)
        {
            using var buffered = new BufferedStream(stdout, 1 << 16);
            DemoPopulation.WriteNdjson(lines, buffered);
        }
        else
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(output));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            using var file = File.Create(output);
            DemoPopulation.WriteNdjson(lines, file);
            Console.Error.WriteLine($"Wrote {lines.Count} lines (seed {seed}, today {day:yyyy-MM-dd}) to {output}");
        }

        return 0;
    }
}
