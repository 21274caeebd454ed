using System.Globalization;
using System.Text;

namespace EntryExit.EFile.Checks;

/// <summary>
/// The trailer of a PDF (or of one revision of it: the bytes up to that revision's end) and a way to find its
/// indirect objects: through the classic cross-reference tables and their /Prev chain, or — for a cross-reference
/// stream, whose entries are not read — by the last <c>N G obj</c> in the bytes. Objects inside object streams are
/// not found; for an e-file (PDFsharp writes neither) that is never needed.
/// </summary>
internal sealed class PdfStructure
{
    private const int MaxSections = 64;

    private readonly ReadOnlyMemory<byte> data;
    private readonly Dictionary<int, long> offsets;
    private readonly PdfWorkBudget budget;

    private PdfStructure(ReadOnlyMemory<byte> data, CosDictionary trailer, Dictionary<int, long> offsets, PdfWorkBudget budget)
    {
        this.data = data;
        Trailer = trailer;
        this.offsets = offsets;
        this.budget = budget;
    }

    public CosDictionary Trailer { get; }

    /// <summary>The structure of <paramref name="data"/>, or null when no trailer can be found; the work is spent from <paramref name="budget"/>.</summary>
    public static PdfStructure? TryRead(ReadOnlyMemory<byte> data, PdfWorkBudget budget)
    {
        var offsets = new Dictionary<int, long>();
        try
        {
            var trailer = FromStartXref(data, offsets, budget);
            if (trailer is not null)
            {
                return new PdfStructure(data, trailer, offsets, budget);
            }
        }
        catch (FormatException)
        {
        }

        // A damaged or unusual cross-reference: the last trailer keyword will do.
        var at = LastIndexOf(data.Span, "trailer"u8, budget);
        if (at < 0)
        {
            return null;
        }

        try
        {
            return new PdfStructure(data, new CosParser(data, at + "trailer".Length, budget).ReadDictionary(), [], budget);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The value itself, or the object a reference points to (null when it cannot be found).</summary>
    public object? Resolve(object? value)
    {
        if (value is not CosReference reference)
        {
            return value;
        }

        try
        {
            if (offsets.TryGetValue(reference.Number, out var offset) && offset < data.Length
                && ReadAt((int)offset, reference) is { } found)
            {
                return found;
            }

            return FindBySearch(reference);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private object? ReadAt(int offset, CosReference reference)
    {
        var parser = new CosParser(data, offset, budget);
        var (number, generation) = parser.ReadObjectHeader();
        return number == reference.Number && generation == reference.Generation ? parser.ReadObject() : null;
    }

    private object? FindBySearch(CosReference reference)
    {
        var span = data.Span;
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{reference.Number} {reference.Generation} obj"));
        var end = span.Length;
        while (end > 0)
        {
            var at = LastIndexOf(span[..end], header, budget);
            if (at < 0)
            {
                return null;
            }

            // "11 0 obj" contains "1 0 obj": the header must start after whitespace or a delimiter.
            if (at == 0 || CosParser.IsWhitespace(span[at - 1]) || CosParser.IsDelimiter(span[at - 1]))
            {
                return ReadAt(at, reference);
            }

            end = at;
        }

        return null;
    }

    /// <summary>The last occurrence, with the bytes the backward search passed over spent from the budget.</summary>
    private static int LastIndexOf(ReadOnlySpan<byte> span, ReadOnlySpan<byte> value, PdfWorkBudget budget)
    {
        var at = span.LastIndexOf(value);
        budget.Visit(span.Length - Math.Max(at, 0));
        return at;
    }

    private static CosDictionary? FromStartXref(ReadOnlyMemory<byte> data, Dictionary<int, long> offsets, PdfWorkBudget budget)
    {
        var span = data.Span;
        var at = LastIndexOf(span, "startxref"u8, budget);
        if (at < 0 || new CosParser(data, at + "startxref".Length, budget).ReadObject() is not CosNumber { IsInteger: true } first)
        {
            return null;
        }

        CosDictionary? newest = null;
        var visited = new HashSet<decimal>();
        decimal? next = first.Value;
        while (next is { } offset && visited.Add(offset) && visited.Count <= MaxSections)
        {
            if (offset < 0 || offset >= span.Length)
            {
                return newest;
            }

            var position = (int)offset;
            CosDictionary trailer;
            if (span[position..].StartsWith("xref"u8))
            {
                trailer = ReadXrefTable(data, position + "xref".Length, offsets, budget);
            }
            else
            {
                // A cross-reference stream: its dictionary is the trailer; its entries are compressed and not read.
                var parser = new CosParser(data, position, budget);
                parser.ReadObjectHeader();
                trailer = parser.ReadDictionary();
            }

            newest ??= trailer;
            next = trailer["Prev"] is CosNumber { IsInteger: true } prev ? prev.Value : null;
        }

        return newest;
    }

    /// <summary>Reads one cross-reference section into <paramref name="offsets"/> (newer sections come first and win) and returns its trailer.</summary>
    private static CosDictionary ReadXrefTable(ReadOnlyMemory<byte> data, int position, Dictionary<int, long> offsets, PdfWorkBudget budget)
    {
        var parser = new CosParser(data, position, budget);
        while (true)
        {
            var token = parser.ReadObject();
            if (token is CosKeyword { Value: "trailer" })
            {
                return parser.ReadDictionary();
            }

            if (token is not CosNumber { IsInteger: true } start || parser.ReadObject() is not CosNumber { IsInteger: true } count
                || start.Value < 0 || count.Value < 0 || count.Value > data.Length / 18)
            {
                throw new FormatException("A cross-reference subsection header was expected.");
            }

            for (var i = 0; i < (int)count.Value; i++)
            {
                budget.XrefEntry();
                if (parser.ReadObject() is not CosNumber { IsInteger: true } offset || parser.ReadObject() is not CosNumber
                    || parser.ReadObject() is not CosKeyword { Value: "n" or "f" } kind)
                {
                    throw new FormatException("A cross-reference entry was expected.");
                }

                var number = start.Value + i;
                if (kind.Value == "n" && number <= int.MaxValue && offset.Value is >= 0 and <= int.MaxValue)
                {
                    offsets.TryAdd((int)number, (long)offset.Value);
                }
            }
        }
    }
}
