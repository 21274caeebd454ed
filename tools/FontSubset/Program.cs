using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using EntryExit.EFile.Fonts;
using EntryExit.FontSubset;

// Builds a TrueType font from chosen code points of other TrueType fonts; see shared/EFile/Fonts/README.md for the
// command line that made the e-file's fallback font.
//
//   EntryExit.FontSubset --out FILE.ttf[.br] [--exclude FONT[#FACE]]... --family NAME --postscript NAME
//       --copyright TEXT --license TEXT [--version TEXT] [--description TEXT]
//       --from FONT[#FACE] RANGES [--from FONT[#FACE] RANGES]...
//
// RANGES are hexadecimal code points and ranges, comma-separated (3400-4DBF,3007). Code points that an --exclude font
// maps already are left out. An output ending in .br is Brotli-compressed (quality 11, 16 MiB window).
var options = new Dictionary<string, string>(StringComparer.Ordinal);
var sources = new List<GlyphSource>();
var exclude = new HashSet<int>();
try
{
    for (var i = 0; i < args.Length; i++)
    {
        switch (args[i])
        {
            case "--from":
                var (font, face) = ReadFont(args[++i]);
                sources.Add(new GlyphSource(font, face, FontMerger.ParseRanges(args[++i])));
                break;
            case "--exclude":
                var (excluded, excludedFace) = ReadFont(args[++i]);
                exclude.UnionWith(OpenTypeTables.CharacterMap(OpenTypeTables.Table(excluded, "cmap", OpenTypeTables.FaceOffset(excluded, excludedFace))).Keys);
                break;
            case var option when option.StartsWith("--", StringComparison.Ordinal):
                options[option[2..]] = args[++i];
                break;
            default:
                throw new ArgumentException($"Unexpected argument: {args[i]}");
        }
    }

    string Required(string name) => options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required.");
    var output = Required("out");
    var names = new FontNames(
        Required("family"),
        Required("postscript"),
        Required("copyright"),
        options.GetValueOrDefault("version", "Version 1.000"),
        options.GetValueOrDefault("description", string.Empty),
        Required("license"));

    var merged = FontMerger.Merge(sources, names, exclude);
    var written = merged;
    if (output.EndsWith(".br", StringComparison.OrdinalIgnoreCase))
    {
        using var encoder = new BrotliEncoder(quality: 11, window: 24);
        written = new byte[BrotliEncoder.GetMaxCompressedLength(merged.Length)];
        if (encoder.Compress(merged, written, out _, out var length, isFinalBlock: true) != System.Buffers.OperationStatus.Done)
        {
            throw new InvalidOperationException("Brotli compression did not finish.");
        }

        written = written[..length];
    }

    File.WriteAllBytes(output, written);
    var glyphs = OpenTypeTables.ReadUInt16(OpenTypeTables.Table(merged, "maxp"), 4);
    var mapped = OpenTypeTables.CharacterMap(OpenTypeTables.Table(merged, "cmap")).Count;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{output}: {glyphs} glyphs, {mapped} code points; font {merged.Length} bytes, SHA-256 {Convert.ToHexStringLower(SHA256.HashData(merged))}; written {written.Length} bytes"));
    return 0;
}
catch (Exception e) when (e is ArgumentException or FormatException or IOException or InvalidDataException or IndexOutOfRangeException or InvalidOperationException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

static (byte[] Font, int Face) ReadFont(string argument)
{
    var hash = argument.LastIndexOf('#');
    return hash < 0
        ? (File.ReadAllBytes(argument), 0)
        : (File.ReadAllBytes(argument[..hash]), int.Parse(argument[(hash + 1)..], CultureInfo.InvariantCulture));
}
