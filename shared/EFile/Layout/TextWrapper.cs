using System.Text;

namespace EntryExit.EFile.Layout;

/// <summary>The width of a piece of text in points.</summary>
internal delegate double MeasureText(ReadOnlySpan<char> text);

/// <summary>
/// Breaks text into lines that fit a width, the way Chinese print does: a line may break between any two CJK
/// characters, never inside a Latin word or a number, after a space, and never so that a closing mark (，。）…)
/// starts a line or an opening mark (（《“…) ends one. A piece wider than the whole line is cut by characters.
/// </summary>
internal static class TextWrapper
{
    private const string NoLineStart = "，。、；：？！）》」』】〕〉”’·…—%,.;:?!)]}\u00B7\u3002\uFF0E";
    private const string NoLineEnd = "（《「『【〔〈“‘([{";

    public static IReadOnlyList<string> Wrap(string text, double maxWidth, MeasureText measure)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(measure);
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            WrapParagraph(paragraph, maxWidth, measure, lines);
        }

        return lines;
    }

    private static void WrapParagraph(string text, double maxWidth, MeasureText measure, List<string> lines)
    {
        var firstLine = lines.Count;
        var lineStart = 0;
        var lineWidth = 0.0;
        var position = 0;
        while (position < text.Length)
        {
            var end = NextBreak(text, position);
            var piece = text.AsSpan(position, end - position);
            var visibleWidth = measure(piece.TrimEnd(' '));
            if (position > lineStart && lineWidth + visibleWidth > maxWidth)
            {
                lines.Add(text[lineStart..position].TrimEnd(' '));
                lineStart = position;
                lineWidth = 0;
            }

            if (position == lineStart && visibleWidth > maxWidth)
            {
                // Too long for any line (a long number, a URL): cut it where the width runs out.
                (lineStart, lineWidth) = CutByCharacters(text, position, end, maxWidth, measure, lines);
            }
            else
            {
                lineWidth += measure(piece);
            }

            position = end;
        }

        var last = text[lineStart..].TrimEnd(' ');
        if (last.Length > 0 || lines.Count == firstLine)
        {
            lines.Add(last);
        }
    }

    /// <returns>Where the unfinished last line starts, and its width.</returns>
    private static (int Start, double Width) CutByCharacters(
        string text, int start, int end, double maxWidth, MeasureText measure, List<string> lines)
    {
        var lineStart = start;
        var width = 0.0;
        var i = start;
        while (i < end)
        {
            var length = char.IsSurrogatePair(text, i) ? 2 : 1;
            var w = measure(text.AsSpan(i, length));
            if (i > lineStart && width + w > maxWidth && text[i] != ' ')
            {
                lines.Add(text[lineStart..i].TrimEnd(' '));
                lineStart = i;
                width = 0;
            }

            width += w;
            i += length;
        }

        return (lineStart, width);
    }

    /// <summary>The end of the unbreakable piece that starts at <paramref name="start"/>, trailing spaces included.</summary>
    private static int NextBreak(string text, int start)
    {
        var previous = Rune.GetRuneAt(text, start);
        var i = start + previous.Utf16SequenceLength;
        while (i < text.Length)
        {
            var next = Rune.GetRuneAt(text, i);
            if (next.Value == ' ')
            {
                // Spaces stay at the end of the piece before them.
            }
            else if (previous.Value == ' ' || CanBreakBetween(previous, next))
            {
                return i;
            }

            previous = next;
            i += next.Utf16SequenceLength;
        }

        return text.Length;
    }

    private static bool CanBreakBetween(Rune before, Rune after)
    {
        if (IsIn(NoLineStart, after) || IsIn(NoLineEnd, before))
        {
            return false;
        }

        return IsCjk(before) || IsCjk(after);
    }

    private static bool IsIn(string set, Rune rune) => rune.IsBmp && set.Contains((char)rune.Value, StringComparison.Ordinal);

    /// <summary>Ideographs of any plane, CJK symbols and punctuation, kana, Hangul and full-width forms.</summary>
    internal static bool IsCjk(Rune rune) => rune.Value is
        (>= 0x2E80 and <= 0x2FDF)     // radicals
        or (>= 0x3000 and <= 0x303F)  // CJK symbols and punctuation
        or (>= 0x3040 and <= 0x30FF)  // kana
        or (>= 0x3100 and <= 0x31FF)  // bopomofo, strokes
        or (>= 0x3400 and <= 0x4DBF)  // extension A
        or (>= 0x4E00 and <= 0x9FFF)  // unified ideographs
        or (>= 0xAC00 and <= 0xD7AF)  // Hangul syllables
        or (>= 0xF900 and <= 0xFAFF)  // compatibility ideographs
        or (>= 0xFE30 and <= 0xFE4F)  // compatibility forms
        or (>= 0xFF00 and <= 0xFFEF)  // full-width forms
        or (>= 0x20000 and <= 0x3FFFF); // supplementary ideographic planes
}
