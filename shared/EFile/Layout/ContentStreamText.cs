using System.Runtime.InteropServices;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;

namespace EntryExit.EFile.Layout;

/// <summary>A line of text at <see cref="X"/> on the line whose top is <see cref="LineTop"/>, in page coordinates.</summary>
internal readonly record struct PlacedText(TextStyle Style, string Text, double X, double LineTop);

/// <summary>
/// Writes lines of plain text (<see cref="TextStyle.IsPlain"/>) straight into a page's content stream, for the table
/// rows that are nearly all of a long e-file. PDFsharp's DrawString maps, measures, encodes and formats every string
/// anew, which was about 60 % of the work of a 7,300-row e-file; here each distinct text of a font is encoded once per
/// document, each new character is registered once with PDFsharp (<see cref="PdfDocument.AddCharacters"/>: the subset
/// and the ToUnicode map get its glyph as if drawn), and a line costs two numbers and a copy. The operators are those
/// PDFsharp writes (BT, Tf, Td relative to the line before, Tj with the glyph ids of the Identity-H font it embeds), so
/// the page looks and extracts as before. A line it cannot write is drawn by its style, in its place.
/// </summary>
/// <remarks>One per document, used on one thread, like the document.</remarks>
internal sealed class ContentStreamText(PdfDocument document)
{
    /// <summary>
    /// Black fill; the text rendering mode and character spacing are PDF's defaults, as <see cref="TextStyle"/> draws
    /// simulated bold (which changes them) inside q … Q. Setting them here would cost 3 KB in a 7,300-row bilingual e-file.
    /// </summary>
    private const string TextStart = "0 0 0 rg\nBT\n";

    private readonly Dictionary<(XFont Font, string Text), string> literals = [];
    private readonly Dictionary<string, PdfFont> fonts = new(StringComparer.Ordinal);
    private readonly Dictionary<XFont, bool[]> registered = [];
    private readonly StringBuilder newCharacters = new();

    /// <summary>Draws <paramref name="lines"/> in order, as few text objects as the lines allow.</summary>
    public void Draw(XGraphics graphics, IEnumerable<PlacedText> lines)
    {
        if (graphics.Internals.ContentStringBuilder is not { } content || graphics.PdfPage is not { } page
            || !ReferenceEquals(page.Owner, document) || !graphics.Transform.IsIdentity)
        {
            throw new InvalidOperationException("Text is written on pages of its own document in page coordinates.");
        }

        var pageHeight = graphics.PageSize.Height;
        XGraphicsState? state = null;
        PdfFont? currentFont = null;
        var currentSize = 0.0;

        // Where the last line starts. Each Td is the exact difference rounded, as PDFsharp writes it: rows laid out alike
        // then give the same bytes, which compress to almost nothing (the rounding drifts by 0.0001 pt a line at most).
        var (lineX, lineY) = (0.0, 0.0);
        foreach (var line in lines)
        {
            if (!line.Style.IsPlain(line.Text) || FontOf(line.Style.Font) is not { } font)
            {
                if (state is not null)
                {
                    content.Append("ET\n");
                    graphics.Restore(state);
                    state = null;
                }

                line.Style.Draw(graphics, line.Text, line.X, line.LineTop);
                continue;
            }

            if (state is null)
            {
                // Saved, so that PDFsharp leaves text mode first and finds its own fill, font and text state again after.
                state = graphics.Save();
                content.Append(TextStart);
                (currentFont, currentSize, lineX, lineY) = (null, 0, 0, 0);
            }

            var size = line.Style.Size;
            if (!ReferenceEquals(font, currentFont) || size != currentSize)
            {
                content.Append(page.Resources.AddFont(font)).Append(' ');
                AppendNumber(content, size);
                content.Append(" Tf\n");
                (currentFont, currentSize) = (font, size);
            }

            var (x, y) = (line.X, pageHeight - (line.LineTop + line.Style.Baseline));
            AppendNumber(content, x - lineX);
            content.Append(' ');
            AppendNumber(content, y - lineY);
            (lineX, lineY) = (x, y);
            content.Append(" Td\n").Append(Literal(line.Style, line.Text)).Append(" Tj\n");
        }

        if (state is not null)
        {
            content.Append("ET\n");
            graphics.Restore(state);
        }
    }

    /// <summary>The text as a hex string of glyph ids, its new characters registered with PDFsharp first.</summary>
    private string Literal(TextStyle style, string text)
    {
        ref var literal = ref CollectionsMarshal.GetValueRefOrAddDefault(literals, (style.Font, text), out var exists);
        if (exists)
        {
            return literal!;
        }

        Register(style.Font, text);
        var builder = new StringBuilder(2 + (2 * text.Length));
        builder.Append('(');
        foreach (var c in text)
        {
            var glyph = style.Glyph(c);
            AppendByte(builder, (char)(glyph >> 8));
            AppendByte(builder, (char)(glyph & 0xFF));
        }

        literal = builder.Append(')').ToString();
        return literal;
    }

    /// <summary>One byte of a literal string, as the character PDFsharp writes as that byte (its raw encoding).</summary>
    private static void AppendByte(StringBuilder builder, char value)
    {
        switch (value)
        {
            case '(' or ')' or '\\':
                builder.Append('\\').Append(value);
                break;
            case '\r':
                // A raw carriage return would be read as a line feed.
                builder.Append("\\r");
                break;
            default:
                builder.Append(value);
                break;
        }
    }

    private void Register(XFont font, string text)
    {
        ref var seen = ref CollectionsMarshal.GetValueRefOrAddDefault(registered, font, out _);
        seen ??= new bool[char.MaxValue + 1];
        newCharacters.Clear();
        foreach (var c in text)
        {
            if (!seen[c])
            {
                seen[c] = true;
                newCharacters.Append(c);
            }
        }

        if (newCharacters.Length > 0)
        {
            document.AddCharacters(font, newCharacters.ToString());
        }
    }

    /// <summary>
    /// The document's PDF font of <paramref name="font"/>'s face, once PDFsharp has drawn with it on a page or form of
    /// the document (it joins the document's objects then); until then null, and the line goes through PDFsharp.
    /// </summary>
    private PdfFont? FontOf(XFont font)
    {
        var face = font.FontFamily.Name;
        if (fonts.TryGetValue(face, out var known))
        {
            return known;
        }

        var suffix = "+" + face;
        foreach (var item in document.Internals.GetAllObjects())
        {
            if (item is PdfFont candidate && candidate.Elements.GetName(PdfFont.Keys.Subtype) == "/Type0"
                && candidate.Elements.GetName(PdfFont.Keys.BaseFont).EndsWith(suffix, StringComparison.Ordinal))
            {
                fonts.Add(face, candidate);
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Appends a number as PDFsharp writes it (at most four decimals, no exponent), by integer arithmetic: formatting a
    /// double with "0.####" cost as much as the rest of the writing.
    /// </summary>
    private static void AppendNumber(StringBuilder content, double value)
    {
        var scaled = (long)Math.Round(value * 10000, MidpointRounding.AwayFromZero);
        if (scaled < 0)
        {
            content.Append('-');
            scaled = -scaled;
        }

        content.Append(scaled / 10000);
        var fraction = (int)(scaled % 10000);
        if (fraction == 0)
        {
            return;
        }

        Span<char> digits = stackalloc char[5];
        digits[0] = '.';
        for (var i = 4; i > 0; i--)
        {
            digits[i] = (char)('0' + (fraction % 10));
            fraction /= 10;
        }

        content.Append(digits.TrimEnd('0'));
    }
}
