using System.Globalization;
using EntryExit.Core.Records;
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

    private readonly EFileStyle style;
    private readonly double[] columnLefts;
    private readonly double[] columnWidths;
    private readonly double left;
    private readonly double width;

    public RecordsTable(EFileStyle style, IReadOnlyList<Crossing> crossings, double left, double width)
        : this(style, CrossingColumnShares, EFileText.TableHeader, CrossingCells(crossings), crossings.Count, left, width)
    {
    }

    /// <param name="columnShares">Each column's share of <paramref name="width"/>; they add up to 1.</param>
    /// <param name="rows">The cells of each row, one per column; read once.</param>
    public RecordsTable(
        EFileStyle style, IReadOnlyList<double> columnShares, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, int rowCount, double left, double width)
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

        Header = new HeaderBlock(this, LayOut(style.TableHeader, header));
        var blocks = new List<IFlowBlock>(rowCount);
        foreach (var cells in rows)
        {
            blocks.Add(new RowBlock(this, LayOut(style.TableCell, cells)));
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
    /// The rules of the table's part on one page, drawn after its text: interleaving them with the cells would switch
    /// PDFsharp in and out of text mode on every row, which makes the content streams about 10 % larger.
    /// </summary>
    /// <param name="rowBottoms">Where each header or row on the page ends; the first starts at <paramref name="top"/>.</param>
    public void DrawRules(XGraphics graphics, double top, IReadOnlyList<double> rowBottoms)
    {
        var bottom = rowBottoms[^1];
        graphics.DrawLine(style.Rule, left, top, left + width, top);
        foreach (var y in rowBottoms)
        {
            graphics.DrawLine(style.Rule, left, y, left + width, y);
        }

        for (var i = 0; i < columnLefts.Length; i++)
        {
            graphics.DrawLine(style.Rule, columnLefts[i], top, columnLefts[i], bottom);
        }

        graphics.DrawLine(style.Rule, left + width, top, left + width, bottom);
    }

    /// <summary>
    /// Wraps the cells and places every line once, so that drawing a row is only DrawString calls: a 7,300-row table
    /// makes about 50,000 of them, and they are most of the cost.
    /// </summary>
    private RowLayout LayOut(TextStyle textStyle, IReadOnlyList<string> cells)
    {
        var lines = new string[cells.Count][];
        var widths = new double[cells.Count][];
        var lineCount = 1;
        var runCount = 0;
        for (var i = 0; i < cells.Count; i++)
        {
            var text = cells[i] ?? string.Empty;
            var room = columnWidths[i] - (2 * CellPaddingX);
            var width = textStyle.Width(text);
            if (width <= room)
            {
                lines[i] = [text];
                widths[i] = [width];
            }
            else
            {
                lines[i] = [.. textStyle.Wrap(text, room)];
                widths[i] = Array.ConvertAll(lines[i], line => textStyle.Width(line));
            }

            lineCount = Math.Max(lineCount, lines[i].Length);
            runCount += lines[i].Length;
        }

        var height = (lineCount * textStyle.LineHeight) + (2 * CellPaddingY);
        var runs = new List<TextRun>(runCount);
        for (var i = 0; i < cells.Count; i++)
        {
            // A cell with fewer lines than its row sits in the middle of it.
            var lineTop = (height - (lines[i].Length * textStyle.LineHeight)) / 2;
            for (var j = 0; j < lines[i].Length; j++)
            {
                if (lines[i][j].Length > 0)
                {
                    var x = columnLefts[i] + ((columnWidths[i] - widths[i][j]) / 2);
                    runs.Add(new TextRun(lines[i][j], x, lineTop));
                }

                lineTop += textStyle.LineHeight;
            }
        }

        return new RowLayout(textStyle, [.. runs], height);
    }

    private static void DrawCells(XGraphics graphics, RowLayout layout, double top)
    {
        foreach (var run in layout.Runs)
        {
            layout.Style.Draw(graphics, run.Text, run.X, top + run.LineTop);
        }
    }

    private readonly record struct TextRun(string Text, double X, double LineTop);

    private sealed record RowLayout(TextStyle Style, TextRun[] Runs, double Height);

    private sealed class HeaderBlock(RecordsTable table, RowLayout layout) : IFlowBlock
    {
        public double Height => layout.Height;

        public RecordsTable Table => table;

        public void Draw(XGraphics graphics, double top)
        {
            graphics.DrawRectangle(table.style.HeaderFill, table.left, top, table.width, layout.Height);
            DrawCells(graphics, layout, top);
        }
    }

    private sealed class RowBlock(RecordsTable table, RowLayout layout) : IFlowBlock
    {
        public double Height => layout.Height;

        public IFlowBlock PageHeader => table.Header;

        public RecordsTable Table => table;

        public void Draw(XGraphics graphics, double top) => DrawCells(graphics, layout, top);
    }
}
