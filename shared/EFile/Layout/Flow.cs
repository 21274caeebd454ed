using PdfSharp.Drawing;

namespace EntryExit.EFile.Layout;

/// <summary>A piece of the page flow that is never split across pages.</summary>
internal interface IFlowBlock
{
    double Height { get; }

    /// <summary>A block to repeat at the top of every page this kind of block lands on (a table header).</summary>
    IFlowBlock? PageHeader => null;

    /// <summary>The table whose column rules run through this block.</summary>
    RecordsTable? Table => null;

    void Draw(XGraphics graphics, double top);
}

/// <summary>One line of text: one or more runs at fixed x positions (a note's number and its text, say).</summary>
internal sealed class TextLineBlock(TextStyle style, IReadOnlyList<(string Text, double X)> runs) : IFlowBlock
{
    public TextLineBlock(TextStyle style, string text, double x)
        : this(style, [(text, x)])
    {
    }

    public double Height => style.LineHeight;

    public void Draw(XGraphics graphics, double top)
    {
        foreach (var (text, x) in runs)
        {
            style.Draw(graphics, text, x, top);
        }
    }
}

/// <summary>Vertical space; dropped at the top of a page.</summary>
internal sealed class SpaceBlock(double height) : IFlowBlock
{
    public double Height => height;

    public void Draw(XGraphics graphics, double top)
    {
    }
}

internal readonly record struct PlacedBlock(IFlowBlock Block, double Top);

/// <summary>
/// Places blocks on pages before anything is drawn, so that every page can say how many pages there are.
/// </summary>
internal static class Paginator
{
    public static List<List<PlacedBlock>> Paginate(IEnumerable<IFlowBlock> blocks, double firstPageTop, double pageTop, double pageBottom)
    {
        var pages = new List<List<PlacedBlock>> { new() };
        var y = firstPageTop;
        IFlowBlock? headerOnPage = null;
        foreach (var block in blocks)
        {
            var page = pages[^1];
            if (block is SpaceBlock && page.Count == 0)
            {
                continue;
            }

            var header = block.PageHeader;
            var needed = block.Height + (header is not null && !ReferenceEquals(header, headerOnPage) ? header.Height : 0);
            if (y + needed > pageBottom && page.Count > 0)
            {
                if (block is SpaceBlock)
                {
                    continue;
                }

                page = [];
                pages.Add(page);
                y = pageTop;
                headerOnPage = null;
            }

            if (header is not null && !ReferenceEquals(header, headerOnPage))
            {
                page.Add(new PlacedBlock(header, y));
                y += header.Height;
            }

            headerOnPage = header;
            page.Add(new PlacedBlock(block, y));
            y += block.Height;
        }

        return pages;
    }
}
