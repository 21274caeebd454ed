using System.Globalization;
using System.Runtime.InteropServices;
using EntryExit.Core.Records;
using EntryExit.Core.Translations;
using PdfSharp.Drawing;

namespace EntryExit.EFile.Layout;

/// <summary>
/// A table of records, cells centred and wrapped within their column, its header repeated on every page it reaches: the
/// crossings table (序号 / 出境/入境 / 出入境日期 / 证件名称 / 证件号码 / 出入境口岸 / 航班号) or any other with its own columns.
/// </summary>
internal sealed class RecordsTable
{
    /// <summary>Shares of the width, chosen so that the usual values (往来港澳通行证, 上海浦东国际机场) fit on one line.</summary>
    private static readonly double[] CrossingColumnShares = [0.07, 0.1, 0.19, 0.16, 0.14, 0.2, 0.14];

    private const double CellPaddingX = 3;
    private const double CellPaddingY = 2.5;
    private const double RuleWidth = 0.6;

    private readonly EFileStyle style;
    private readonly double[] columnLefts;
    private readonly double[] columnWidths;
    private readonly double left;
    private readonly double width;

    /// <summary>
    /// Wrapped lines per column, style and text: directions, kinds, ports and document numbers repeat on thousands of rows,
    /// and each row's layout shares them instead of measuring and allocating them again.
    /// </summary>
    private readonly Dictionary<(TextStyle Style, string Text), CellLines>[] cellLines;

    // One page's lines while they are drawn, and one row's cells while it is laid out: one thing at a time.
    private readonly List<PlacedText> pageLines = [];
    private readonly CellLines[] chinese;
    private readonly CellLines?[] translated;

    /// <summary>
    /// Shares of the width in a bilingual table: the English kind (Exit-Entry Permit for Travelling to and from Hong Kong
    /// and Macao) takes two lines, airports' names two at most; the date and time may break between the two.
    /// </summary>
    private static readonly double[] BilingualCrossingColumnShares = [0.06, 0.11, 0.12, 0.24, 0.13, 0.22, 0.12];

    public RecordsTable(EFileStyle style, IReadOnlyList<Crossing> crossings, double left, double width)
        : this(style, CrossingColumnShares, EFileText.TableHeader, CrossingCells(crossings), crossings.Count, left, width)
    {
    }

    /// <summary>The crossings table with English under the header and beside direction, document kind and port.</summary>
    public static RecordsTable BilingualCrossings(EFileStyle style, IReadOnlyList<Crossing> crossings, double left, double width) =>
        new(style, BilingualCrossingColumnShares, EFileText.TableHeader, [.. EFileText.TableHeader.Select(English.Text)],
            BilingualCrossingRows(crossings), crossings.Count, left, width);

    private static IEnumerable<TableRow> BilingualCrossingRows(IReadOnlyList<Crossing> crossings)
    {
        // One array reused for every row, as the cells are: LayOut copies what it keeps.
        var english = new string?[BilingualCrossingColumnShares.Length];
        var i = 0;
        foreach (var cells in CrossingCells(crossings))
        {
            var crossing = crossings[i++];
            english[1] = English.Of(crossing.Direction);
            english[3] = English.Of(crossing.DocumentKind);

            // The import takes only ports with English; one stored before that rule prints in Chinese alone.
            english[5] = English.Port(crossing.Port);
            yield return new TableRow(cells, english);
        }
    }

    /// <param name="columnShares">Each column's share of <paramref name="width"/>; they add up to 1.</param>
    /// <param name="rows">The cells of each row, one per column; read once.</param>
    public RecordsTable(
        EFileStyle style, IReadOnlyList<double> columnShares, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, int rowCount, double left, double width)
        : this(style, columnShares, header, null, rows.Select(cells => new TableRow(cells)), rowCount, left, width)
    {
    }

    /// <summary>A bilingual table: a two-line header (Chinese over English), and English under the cells that have it.</summary>
    /// <param name="headerEnglish">The English of each header cell, or null for a Chinese-only table.</param>
    /// <param name="rows">The cells of each row, one per column, each with its English or null; read once.</param>
    public RecordsTable(
        EFileStyle style,
        IReadOnlyList<double> columnShares,
        IReadOnlyList<string> header,
        IReadOnlyList<string>? headerEnglish,
        IEnumerable<TableRow> rows,
        int rowCount,
        double left,
        double width)
    {
        this.style = style;
        this.left = left;
        this.width = width;
        columnLefts = new double[columnShares.Count];
        columnWidths = new double[columnShares.Count];
        var x = left;
        for (var i = 0; i < columnShares.Count; i++)
        {
            columnLefts[i] = x;
            columnWidths[i] = width * columnShares[i];
            x += columnWidths[i];
        }

        cellLines = new Dictionary<(TextStyle, string), CellLines>[columnShares.Count];
        for (var i = 0; i < cellLines.Length; i++)
        {
            cellLines[i] = [];
        }

        chinese = new CellLines[columnShares.Count];
        translated = new CellLines?[columnShares.Count];

        Header = new HeaderBlock(this, LayOut(style.TableHeader, style.TableHeaderEnglish, header, headerEnglish));
        var blocks = new List<IFlowBlock>(rowCount);
        foreach (var row in rows)
        {
            blocks.Add(new RowBlock(this, LayOut(style.TableCell, style.TableCellEnglish, row.Cells, row.English)));
        }

        Rows = blocks;
    }

    /// <summary>One array reused for every row: <see cref="LayOut"/> copies what it keeps.</summary>
    private static IEnumerable<IReadOnlyList<string>> CrossingCells(IReadOnlyList<Crossing> crossings)
    {
        var cells = new string[CrossingColumnShares.Length];
        for (var i = 0; i < crossings.Count; i++)
        {
            var crossing = crossings[i];
            cells[0] = (i + 1).ToString(CultureInfo.InvariantCulture);
            cells[1] = crossing.Direction.ChineseName();
            cells[2] = EFileText.CrossingTime(crossing.At);
            cells[3] = crossing.DocumentKind.ChineseName();
            cells[4] = crossing.DocumentNumber;
            cells[5] = crossing.Port;
            cells[6] = crossing.FlightNumber;
            yield return cells;
        }
    }

    public IFlowBlock Header { get; }

    public IReadOnlyList<IFlowBlock> Rows { get; }

    /// <summary>
    /// The table's part on one page: its header, the text of its rows through <paramref name="text"/> (one text object for
    /// them all, so that the rows' relative positions repeat and compress), then its rules.
    /// </summary>
    /// <param name="part">The header and rows of this table on the page, in order, each with its top.</param>
    public void Draw(XGraphics graphics, ContentStreamText text, IReadOnlyList<PlacedBlock> part)
    {
        if (part.Count == 0)
        {
            return;
        }

        var lines = pageLines;
        lines.Clear();
        foreach (var (block, top) in part)
        {
            if (block is RowBlock row)
            {
                foreach (var run in row.Layout.Runs)
                {
                    lines.Add(new PlacedText(run.Style, run.Text, run.X, top + run.LineTop));
                }
            }
            else
            {
                text.Draw(graphics, lines);
                lines.Clear();
                block.Draw(graphics, top);
            }
        }

        text.Draw(graphics, lines);
        DrawRules(graphics, part[0].Top, [.. part.Select(placed => placed.Top + placed.Block.Height)]);
    }

    /// <summary>
    /// The rules of the table's part on one page, drawn after its text: interleaving them with the cells would switch
    /// PDFsharp in and out of text mode on every row, which makes the content streams about 10 % larger.
    /// </summary>
    /// <remarks>
    /// Written as PDF operators rather than through <see cref="XGraphics.DrawLine(XPen, double, double, double, double)"/>:
    /// each horizontal rule is drawn at the same place after moving the origin down by its row's height, so that rows of
    /// one height give identical bytes, which compress to almost nothing. Drawn at absolute positions, every rule is
    /// different and the rules of a page cost about 150 bytes once compressed; PDFsharp's own transforms do not help,
    /// as it writes each point through the whole transformation.
    /// </remarks>
    /// <param name="rowBottoms">Where each header or row on the page ends; the first starts at <paramref name="top"/>.</param>
    private void DrawRules(XGraphics graphics, double top, IReadOnlyList<double> rowBottoms)
    {
        if (graphics.Internals.ContentStringBuilder is not { } content || !graphics.Transform.IsIdentity)
        {
            throw new InvalidOperationException("Table rules are drawn on PDF pages in page coordinates.");
        }

        var state = graphics.Save();
        var right = left + width;
        var invariant = CultureInfo.InvariantCulture;

        // The origin at the table's top edge; PDF's y axis points up.
        content.Append(invariant, $"{RuleWidth:0.###} w 0 J 0 j [] 0 d 0 G\n1 0 0 1 0 {Number(graphics.PageSize.Height - top)} cm\n");
        var height = Number(rowBottoms[^1] - top);
        foreach (var x in columnLefts.Append(right))
        {
            content.Append(invariant, $"{Number(x)} 0 m {Number(x)} -{height} l\n");
        }

        // A path is stroked before the next cm: PDF allows no cm inside a path.
        var line = $"{Number(left)} 0 m {Number(right)} 0 l S\n";
        content.Append(line);
        var previous = top;
        foreach (var y in rowBottoms)
        {
            content.Append(invariant, $"1 0 0 1 0 -{Number(y - previous)} cm\n").Append(line);
            previous = y;
        }

        graphics.Restore(state);
    }

    /// <summary>A coordinate as PDF writes it: at most four decimals, no exponent.</summary>
    private static string Number(double value) => Math.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>
    /// Wraps the cells and places every line once, so that drawing a row only writes its lines (a 7,300-row bilingual table
    /// has about 90,000). A cell's English goes under its Chinese.
    /// </summary>
    private RowLayout LayOut(TextStyle textStyle, TextStyle englishStyle, IReadOnlyList<string> cells, IReadOnlyList<string?>? english)
    {
        var height = 0.0;
        var runCount = 0;
        for (var i = 0; i < cells.Count; i++)
        {
            chinese[i] = Lines(textStyle, cells[i] ?? string.Empty, i);
            var cellHeight = chinese[i].Lines.Length * textStyle.LineHeight;
            runCount += chinese[i].Lines.Length;
            translated[i] = null;
            if (english?[i] is { Length: > 0 } text)
            {
                var lines = Lines(englishStyle, text, i);
                translated[i] = lines;
                cellHeight += lines.Lines.Length * englishStyle.LineHeight;
                runCount += lines.Lines.Length;
            }

            height = Math.Max(height, cellHeight);
        }

        height = Math.Max(height, textStyle.LineHeight) + (2 * CellPaddingY);
        var runs = new TextRun[runCount];
        var placed = 0;
        for (var i = 0; i < cells.Count; i++)
        {
            // A cell with fewer lines than its row sits in the middle of it.
            var cellHeight = (chinese[i].Lines.Length * textStyle.LineHeight) + ((translated[i]?.Lines.Length ?? 0) * englishStyle.LineHeight);
            var lineTop = (height - cellHeight) / 2;
            lineTop = Place(runs, ref placed, textStyle, chinese[i], i, lineTop);
            if (translated[i] is { } lines)
            {
                Place(runs, ref placed, englishStyle, lines, i, lineTop);
            }
        }

        // Empty lines take their place but draw nothing.
        return new RowLayout(placed == runs.Length ? runs : runs[..placed], height);
    }

    private CellLines Lines(TextStyle textStyle, string text, int column)
    {
        ref var cached = ref CollectionsMarshal.GetValueRefOrAddDefault(cellLines[column], (textStyle, text), out var exists);
        if (exists)
        {
            return cached!;
        }

        var room = columnWidths[column] - (2 * CellPaddingX);
        var width = textStyle.Width(text);
        if (width <= room)
        {
            cached = new CellLines([text], [width]);
        }
        else
        {
            string[] lines = [.. textStyle.Wrap(text, room)];
            cached = new CellLines(lines, Array.ConvertAll(lines, line => textStyle.Width(line)));
        }

        return cached;
    }

    /// <returns>Where the next line would start.</returns>
    private double Place(TextRun[] runs, ref int placed, TextStyle textStyle, CellLines cell, int column, double lineTop)
    {
        for (var j = 0; j < cell.Lines.Length; j++)
        {
            if (cell.Lines[j].Length > 0)
            {
                var x = columnLefts[column] + ((columnWidths[column] - cell.Widths[j]) / 2);
                runs[placed++] = new TextRun(textStyle, cell.Lines[j], x, lineTop);
            }

            lineTop += textStyle.LineHeight;
        }

        return lineTop;
    }

    private static void DrawCells(XGraphics graphics, RowLayout layout, double top)
    {
        foreach (var run in layout.Runs)
        {
            run.Style.Draw(graphics, run.Text, run.X, top + run.LineTop);
        }
    }

    private readonly record struct TextRun(TextStyle Style, string Text, double X, double LineTop);

    private sealed record CellLines(string[] Lines, double[] Widths);

    private sealed record RowLayout(TextRun[] Runs, double Height);

    /// <summary>
    /// The header, drawn once into a form XObject that every page it tops shows: drawn on each page, its text and fill
    /// would be compressed again in every page's content stream (about 270 bytes a page).
    /// </summary>
#pragma warning disable CA1001 // The form is part of its document and lives as long as it; XForm.Dispose releases nothing in PDFsharp's core build.
    private sealed class HeaderBlock(RecordsTable table, RowLayout layout) : IFlowBlock
#pragma warning restore CA1001
    {
        private XForm? form;

        public double Height => layout.Height;

        public RecordsTable Table => table;

        public void Draw(XGraphics graphics, double top)
        {
            if (graphics.PdfPage?.Owner is not { } document)
            {
                DrawOn(graphics, top);
                return;
            }

            // A table belongs to one document, so its form does too.
            if (form is null)
            {
                form = new XForm(document, new XSize(table.left + table.width, layout.Height));
                using var formGraphics = XGraphics.FromForm(form);
                DrawOn(formGraphics, 0);
            }

            graphics.DrawImage(form, 0, top);
        }

        private void DrawOn(XGraphics graphics, double top)
        {
            graphics.DrawRectangle(table.style.HeaderFill, table.left, top, table.width, layout.Height);
            DrawCells(graphics, layout, top);
        }
    }

    private sealed class RowBlock(RecordsTable table, RowLayout layout) : IFlowBlock
    {
        public RowLayout Layout => layout;

        public double Height => layout.Height;

        public IFlowBlock PageHeader => table.Header;

        public RecordsTable Table => table;

        public void Draw(XGraphics graphics, double top) => DrawCells(graphics, layout, top);
    }
}

/// <summary>One row of a table: a Chinese text per column and, in a bilingual table, the English of those that have one.</summary>
internal readonly record struct TableRow(IReadOnlyList<string> Cells, IReadOnlyList<string?>? English = null);
