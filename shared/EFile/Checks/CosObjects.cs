using System.Globalization;
using System.Text;

namespace EntryExit.EFile.Checks;

// The PDF object layer (ISO 32000-2 §7.3), as far as a verifier needs it: enough to read a trailer, the document
// information dictionary and the encryption dictionary of a file nobody vouches for.

/// <summary>A name such as <c>/Subject</c>, with its <c>#xx</c> escapes decoded, without the slash.</summary>
internal sealed record CosName(string Value);

/// <summary>A literal or hexadecimal string: its bytes, still encrypted when the file is.</summary>
internal sealed record CosString(byte[] Bytes);

internal sealed record CosNumber(decimal Value)
{
    public bool IsInteger => Value == decimal.Truncate(Value);
}

internal sealed record CosReference(int Number, int Generation);

internal sealed record CosKeyword(string Value);

internal sealed class CosArray(List<object> items)
{
    public IReadOnlyList<object> Items => items;
}

internal sealed class CosDictionary(Dictionary<string, object> entries)
{
    public object? this[string key] => entries.GetValueOrDefault(key);

    public long? Integer(string key) => this[key] is CosNumber { IsInteger: true } n && n.Value is >= long.MinValue and <= long.MaxValue ? (long)n.Value : null;

    public string? Name(string key) => (this[key] as CosName)?.Value;

    public byte[]? Bytes(string key) => (this[key] as CosString)?.Bytes;
}

/// <summary>
/// Reads PDF objects from raw bytes. Built for hostile input: every byte visited, object parsed and level of nesting
/// is spent from a <see cref="PdfWorkBudget"/> (over it: <see cref="PdfTooComplexException"/>), there is no recursion
/// on references, and any malformation is a <see cref="FormatException"/>.
/// </summary>
internal sealed class CosParser(ReadOnlyMemory<byte> data, int position, PdfWorkBudget? budget = null)
{
    private readonly PdfWorkBudget budget = budget ?? PdfWorkBudget.For(data.Length);
    private int objects;

    public int Position { get; private set; } = position;

    private ReadOnlySpan<byte> Data => data.Span;

    public static bool IsWhitespace(byte b) => b is 0 or 9 or 10 or 12 or 13 or 32;

    public static bool IsDelimiter(byte b) => b is (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'/' or (byte)'%';

    public void SkipWhitespaceAndComments()
    {
        var span = Data;
        var start = Position;
        while (Position < span.Length)
        {
            var b = span[Position];
            if (IsWhitespace(b))
            {
                Position++;
            }
            else if (b == '%')
            {
                var end = span[Position..].IndexOfAny((byte)'\r', (byte)'\n');
                Position = end < 0 ? span.Length : Position + end;
            }
            else
            {
                break;
            }
        }

        budget.Visit(Position - start);
    }

    /// <summary>The next object; an integer followed by <c>G R</c> is a reference, a bare word a <see cref="CosKeyword"/>.</summary>
    public object ReadObject() => ReadObject(0);

    /// <summary>The next object, which must be a dictionary.</summary>
    public CosDictionary ReadDictionary() =>
        ReadObject() as CosDictionary ?? throw new FormatException("A dictionary was expected.");

    /// <summary>Reads <c>N G obj</c> at the current position and returns N and G; the object itself comes next.</summary>
    public (int Number, int Generation) ReadObjectHeader()
    {
        if (ReadObject() is not CosNumber { IsInteger: true } number || ReadObject() is not CosNumber { IsInteger: true } generation
            || ReadObject() is not CosKeyword { Value: "obj" })
        {
            throw new FormatException("An object header (N G obj) was expected.");
        }

        return (ToInt(number.Value), ToInt(generation.Value));
    }

    private object ReadObject(int depth)
    {
        budget.Object(depth, ++objects);
        SkipWhitespaceAndComments();
        var span = Data;
        if (Position >= span.Length)
        {
            throw new FormatException("The file ends inside an object.");
        }

        var b = span[Position];
        switch (b)
        {
            case (byte)'/':
                Position++;
                return new CosName(ReadRegular(decodeHash: true));
            case (byte)'(':
                Position++;
                return new CosString(ReadLiteralString());
            case (byte)'<' when Position + 1 < span.Length && span[Position + 1] == '<':
                Position += 2;
                budget.Visit(2);
                return ReadDictionaryBody(depth);
            case (byte)'<':
                Position++;
                return new CosString(ReadHexString());
            case (byte)'[':
                Position++;
                budget.Visit(1);
                return ReadArrayBody(depth);
            case (byte)')' or (byte)'>' or (byte)']' or (byte)'{' or (byte)'}':
                throw new FormatException($"Unexpected '{(char)b}' at {Position}.");
        }

        if (b is (byte)'+' or (byte)'-' or (byte)'.' || char.IsAsciiDigit((char)b))
        {
            var number = ReadNumber();
            if (number.IsInteger && number.Value >= 0 && TryReadReferenceTail(out var generation))
            {
                return new CosReference(ToInt(number.Value), generation);
            }

            return number;
        }

        return new CosKeyword(ReadRegular(decodeHash: false));
    }

    private CosDictionary ReadDictionaryBody(int depth)
    {
        var entries = new Dictionary<string, object>(StringComparer.Ordinal);
        while (true)
        {
            SkipWhitespaceAndComments();
            var span = Data;
            if (Position + 1 < span.Length && span[Position] == '>' && span[Position + 1] == '>')
            {
                Position += 2;
                budget.Visit(2);
                return new CosDictionary(entries);
            }

            if (ReadObject(depth + 1) is not CosName key)
            {
                throw new FormatException("A dictionary key must be a name.");
            }

            // The first occurrence of a key counts, as most readers do.
            entries.TryAdd(key.Value, ReadObject(depth + 1));
        }
    }

    private CosArray ReadArrayBody(int depth)
    {
        var items = new List<object>();
        while (true)
        {
            SkipWhitespaceAndComments();
            if (Position < Data.Length && Data[Position] == ']')
            {
                Position++;
                budget.Visit(1);
                return new CosArray(items);
            }

            items.Add(ReadObject(depth + 1));
        }
    }

    private bool TryReadReferenceTail(out int generation)
    {
        generation = 0;
        var start = Position;
        SkipWhitespaceAndComments();
        var span = Data;
        if (Position < span.Length && char.IsAsciiDigit((char)span[Position]))
        {
            var second = ReadNumber();
            SkipWhitespaceAndComments();
            if (second.IsInteger && second.Value >= 0 && Position < span.Length && span[Position] == 'R'
                && (Position + 1 == span.Length || IsWhitespace(span[Position + 1]) || IsDelimiter(span[Position + 1])))
            {
                Position++;
                budget.Visit(1);
                generation = ToInt(second.Value);
                return true;
            }
        }

        Position = start;
        return false;
    }

    private CosNumber ReadNumber()
    {
        var span = Data;
        var start = Position;
        while (Position < span.Length && (char.IsAsciiDigit((char)span[Position]) || span[Position] is (byte)'+' or (byte)'-' or (byte)'.'))
        {
            Position++;
        }

        budget.Visit(Position - start);
        var text = Encoding.ASCII.GetString(span[start..Position]);
        return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? new CosNumber(value)
            : throw new FormatException($"'{text}' is not a number.");
    }

    private string ReadRegular(bool decodeHash)
    {
        var span = Data;
        var start = Position;
        var bytes = new List<byte>();
        while (Position < span.Length && !IsWhitespace(span[Position]) && !IsDelimiter(span[Position]))
        {
            var b = span[Position++];
            if (decodeHash && b == '#' && Position + 1 < span.Length
                && byte.TryParse(span.Slice(Position, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var decoded))
            {
                bytes.Add(decoded);
                Position += 2;
            }
            else
            {
                bytes.Add(b);
            }
        }

        budget.Visit(Position - start);
        return Encoding.Latin1.GetString([.. bytes]);
    }

    private byte[] ReadLiteralString()
    {
        var span = Data;
        var bytes = new List<byte>();
        var open = 1;
        var start = Position;
        while (true)
        {
            if (Position >= span.Length)
            {
                budget.Visit(Position - start);
                throw new FormatException("The file ends inside a string.");
            }

            var b = span[Position++];
            switch (b)
            {
                case (byte)'(':
                    open++;
                    bytes.Add(b);
                    break;
                case (byte)')':
                    if (--open == 0)
                    {
                        budget.Visit(Position - start);
                        return [.. bytes];
                    }

                    bytes.Add(b);
                    break;
                case (byte)'\\':
                    ReadEscape(span, bytes);
                    break;
                case (byte)'\r':
                    // An end of line in a string is a line feed, whatever it was written as.
                    if (Position < span.Length && span[Position] == '\n')
                    {
                        Position++;
                    }

                    bytes.Add((byte)'\n');
                    break;
                default:
                    bytes.Add(b);
                    break;
            }
        }
    }

    private void ReadEscape(ReadOnlySpan<byte> span, List<byte> bytes)
    {
        if (Position >= span.Length)
        {
            throw new FormatException("The file ends inside a string.");
        }

        var e = span[Position++];
        switch (e)
        {
            case (byte)'n': bytes.Add((byte)'\n'); break;
            case (byte)'r': bytes.Add((byte)'\r'); break;
            case (byte)'t': bytes.Add((byte)'\t'); break;
            case (byte)'b': bytes.Add((byte)'\b'); break;
            case (byte)'f': bytes.Add((byte)'\f'); break;
            case (byte)'\r':
                // A backslash at the end of a line continues the string on the next.
                if (Position < span.Length && span[Position] == '\n')
                {
                    Position++;
                }

                break;
            case (byte)'\n':
                break;
            case >= (byte)'0' and <= (byte)'7':
                var value = e - '0';
                for (var i = 0; i < 2 && Position < span.Length && span[Position] is >= (byte)'0' and <= (byte)'7'; i++)
                {
                    value = (value * 8) + (span[Position++] - '0');
                }

                bytes.Add((byte)value);
                break;
            default:
                // \( \) \\ and, as the standard says, an unknown escape is the character itself.
                bytes.Add(e);
                break;
        }
    }

    private byte[] ReadHexString()
    {
        var span = Data;
        var digits = new List<byte>();
        var start = Position;
        while (true)
        {
            if (Position >= span.Length)
            {
                budget.Visit(Position - start);
                throw new FormatException("The file ends inside a hexadecimal string.");
            }

            var b = span[Position++];
            if (b == '>')
            {
                budget.Visit(Position - start);
                break;
            }

            if (IsWhitespace(b))
            {
                continue;
            }

            digits.Add(char.IsAsciiHexDigit((char)b) ? b : throw new FormatException("A hexadecimal string holds a character that is not a hex digit."));
        }

        if (digits.Count % 2 == 1)
        {
            digits.Add((byte)'0');
        }

        return Convert.FromHexString(Encoding.ASCII.GetString([.. digits]));
    }

    private static int ToInt(decimal value) =>
        value is >= 0 and <= int.MaxValue ? (int)value : throw new FormatException("An object number is out of range.");
}
