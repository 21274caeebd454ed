using System.IO.Compression;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;

namespace EntryExit.EFile;

/// <summary>
/// Compresses each page's content stream on the thread pool as soon as the page is drawn, while the next one is drawn,
/// instead of one after the other when PDFsharp saves (which leaves a stream it finds compressed as it is). Compression
/// at the smallest size is about a quarter of the work of a long e-file. The bytes are the same on any thread; as a
/// zlib stream with its Adler-32 checksum, which PDFsharp's own leaves out.
/// </summary>
internal sealed class PageContentCompression
{
    private const string FilterKey = "/Filter";

    private readonly List<Task> pending = [];

    /// <summary>Call once the page's graphics are disposed: its content is final then.</summary>
    public void Start(PdfPage page)
    {
        foreach (var content in page.Contents)
        {
            // Only the content object is touched off this thread; nothing else reads or writes it until WhenAll completes.
            pending.Add(Task.Run(() => Compress(content)));
        }
    }

    /// <summary>Completes when every page is compressed; faults with what failed.</summary>
    public Task WhenAll() => Task.WhenAll(pending);

    /// <summary>
    /// Completes when every page has finished, whatever happened to them, so that the document is thrown away only
    /// once no thread touches it; their failures are not this caller's, who is already failing.
    /// </summary>
    public async Task AbandonAsync() =>
        await Task.WhenAll(pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    private static void Compress(PdfContent content)
    {
        if (content.Stream is not { } stream || content.Elements.GetName(FilterKey).Length > 0)
        {
            return;
        }

        var raw = stream.Value;
        using var output = new MemoryStream(raw.Length / 8);
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        stream.Value = output.ToArray();
        content.Elements.SetName(FilterKey, "/FlateDecode");
    }
}
