namespace EntryExit.EFile.Checks;

/// <summary>
/// The work one uploaded PDF may cost, spent as it is counted: bytes the parsers visit (each visit, so a byte read
/// twice counts twice), objects parsed (in one parse), nesting depth and cross-reference entries. Every scan and every parser of a
/// reading shares one budget; going over any limit throws <see cref="PdfTooComplexException"/>, which the check
/// answers 422 <c>pdf_too_complex</c>. The byte limit grows with the file (<see cref="BytesPerInputByte"/> per byte),
/// so an honest file of any accepted size is read in time linear in its size and a hostile one cannot cost more.
/// No stream is ever inflated: a decompression bomb costs its compressed bytes and nothing more.
/// </summary>
internal sealed class PdfWorkBudget
{
    /// <summary>Visits per input byte allowed: the reader's measured worst case is well below (tests hold it to 8).</summary>
    public const int BytesPerInputByte = 16;

    /// <summary>Visits allowed whatever the size, for the fixed costs of a small file (header window, the CMS).</summary>
    public const long FixedBytes = 1024 * 1024;

    /// <summary>
    /// Objects (tokens) one parse may read, which bounds the memory an object tree holds: 100 times what the largest
    /// e-file's cross-reference needs. Over a whole reading, objects are bounded by the bytes visited.
    /// </summary>
    public const int MaxObjects = 1_000_000;

    /// <summary>Arrays and dictionaries inside one another; e-files nest three deep.</summary>
    public const int MaxDepth = 32;

    /// <summary>Cross-reference entries over all sections; an e-file of 7,300 crossings has a few thousand objects.</summary>
    public const int MaxXrefEntries = 100_000;

    private readonly long maxBytes;

    public PdfWorkBudget(long maxBytes) => this.maxBytes = maxBytes;

    public long BytesVisited { get; private set; }

    public long ObjectsParsed { get; private set; }

    public int XrefEntries { get; private set; }

    public int DeepestNesting { get; private set; }

    /// <summary>The budget of a file of <paramref name="length"/> bytes.</summary>
    public static PdfWorkBudget For(int length) => new(FixedBytes + ((long)BytesPerInputByte * length));

    public void Visit(long bytes)
    {
        BytesVisited += bytes;
        if (BytesVisited > maxBytes)
        {
            throw new PdfTooComplexException($"more than {maxBytes} bytes visited");
        }
    }

    /// <summary>One more object, at <paramref name="depth"/>, the <paramref name="ordinal"/>th of its parse.</summary>
    public void Object(int depth, int ordinal)
    {
        ObjectsParsed++;
        if (ordinal > MaxObjects)
        {
            throw new PdfTooComplexException($"more than {MaxObjects} objects in one parse");
        }

        DeepestNesting = Math.Max(DeepestNesting, depth);
        if (depth > MaxDepth)
        {
            throw new PdfTooComplexException($"objects nested more than {MaxDepth} deep");
        }
    }

    public void XrefEntry()
    {
        if (++XrefEntries > MaxXrefEntries)
        {
            throw new PdfTooComplexException($"more than {MaxXrefEntries} cross-reference entries");
        }
    }
}

/// <summary>A PDF whose reading went over its <see cref="PdfWorkBudget"/>: not malformed, just more than an e-file ever is.</summary>
internal sealed class PdfTooComplexException(string limit) : Exception($"The PDF is too complex to check: {limit}.");
