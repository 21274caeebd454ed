using System.Globalization;
using EntryExit.Core.Reports;
using EntryExit.Core.Translations;
using EntryExit.EFile.Layout;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace EntryExit.EFile;

/// <summary>
/// The records e-file (出入境记录查询结果（电子文件）, SPEC §2.5) drawn with PDFsharp: lays the whole flow out first so
/// that every page can carry 第 N 页 共 M 页, then draws it. Unsigned and unencrypted, the same content gives the same
/// bytes except two UUIDs in the XMP metadata that PDFsharp draws at save (see <see cref="ReproducibleOutput"/>).
/// <see cref="EFileRenderer"/> saves it, signed and, for an emailed e-file, encrypted.
/// </summary>
internal static class RecordsEFile
{
    internal const double ParagraphGap = 8;
    private const double NoteIndent = 16;

    /// <summary>
    /// The drawn but unsaved document, so that a later step can sign or encrypt it before saving (PDFsharp documents
    /// are read-only after <c>Save</c>). Page 1 keeps <see cref="EFilePage.SignatureBox"/> free for the signature mark.
    /// </summary>
    internal static Task<PdfDocument> BuildAsync(RecordsEFileContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var style = new EFileStyle();
        var bilingual = content.Issue.Language == Language.ZhEn;
        var table = content.Crossings.Count == 0 ? null
            : bilingual ? RecordsTable.BilingualCrossings(style, content.Crossings, EFilePage.Left, EFilePage.ContentWidth)
            : new RecordsTable(style, content.Crossings, EFilePage.Left, EFilePage.ContentWidth);
        var heading = EFileHeading.Of(EFileText.DocumentName, EFileText.Creator, content.Issue);
        return BuildAsync(style, heading, bilingual ? BilingualFlow(style, content, table) : Flow(style, content, table), cancellationToken);
    }

    /// <summary>
    /// Lays out and draws an e-file: the heading on page 1, the flow, and 第 N 页 共 M 页 on every page. Drawing runs on
    /// the caller's thread; the pages' compression runs beside it and is awaited before the document is finished.
    /// </summary>
    internal static async Task<PdfDocument> BuildAsync(EFileStyle style, EFileHeading heading, IEnumerable<IFlowBlock> flow, CancellationToken cancellationToken)
    {
        var pages = Paginator.Paginate(flow, heading.Language == Language.ZhEn ? EFilePage.BilingualFirstPageFlowTop : EFilePage.FirstPageFlowTop, EFilePage.FlowTop, EFilePage.FlowBottom);

        var document = new PdfDocument();
        var text = new ContentStreamText(document);
        var compression = new PageContentCompression();
        try
        {
            SetMetadata(document, heading);
            for (var i = 0; i < pages.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var page = document.AddPage();
                page.Width = XUnitPt.FromPoint(EFilePage.Width);
                page.Height = XUnitPt.FromPoint(EFilePage.Height);
                DrawPage(page, style, text, heading, pages[i], i, pages.Count);
                compression.Start(page);
            }

            await compression.WhenAll();
            style.FallbackText.WriteToUnicode(document);
            SharedPageResources.Apply(document);
            ReproducibleOutput.Apply(document, string.Create(CultureInfo.InvariantCulture, $"{heading.Number.Value}|{heading.MadeAt.UtcTicks}"));
            return document;
        }
        catch
        {
            await compression.AbandonAsync();
            document.Dispose();
            throw;
        }
    }

    private static void DrawPage(PdfPage page, EFileStyle style, ContentStreamText text, EFileHeading heading, List<PlacedBlock> blocks, int index, int count)
    {
        using var graphics = XGraphics.FromPdfPage(page);
        if (index == 0)
        {
            DrawHeading(graphics, style, heading);
        }

        DrawFlow(graphics, text, blocks);
        if (heading.Language == Language.ZhEn)
        {
            style.SmallEnglish.DrawCentred(graphics, EFileText.InEnglish.PageNumber(index + 1, count), EFilePage.Left, EFilePage.ContentWidth, EFilePage.FooterTop);
        }
        else
        {
            style.Small.DrawCentred(graphics, EFileText.PageNumber(index + 1, count), EFilePage.Left, EFilePage.ContentWidth, EFilePage.FooterTop);
        }
    }

    /// <summary>The notes of the guide and the made-at line that close every e-file; in English too when bilingual.</summary>
    internal static IEnumerable<IFlowBlock> Closing(EFileStyle style, IReadOnlyList<string> notes, DateTimeOffset madeAt, bool bilingual = false)
    {
        var body = style.Body;
        yield return new SpaceBlock(ParagraphGap * 2);
        var noteLeft = EFilePage.Left + NoteIndent;
        for (var i = 0; i < notes.Count; i++)
        {
            var lines = body.Wrap(notes[i], EFilePage.Right - noteLeft);
            for (var j = 0; j < lines.Count; j++)
            {
                yield return j == 0
                    ? new TextLineBlock(body, [(EFileText.NoteNumber(i), EFilePage.Left), (lines[j], noteLeft)])
                    : new TextLineBlock(body, lines[j], noteLeft);
            }

            if (bilingual)
            {
                foreach (var block in Lines(style.BodyEnglish, English.Text(notes[i]), noteLeft))
                {
                    yield return block;
                }
            }
        }

        yield return new SpaceBlock(ParagraphGap * 2);
        yield return new TextLineBlock(body, EFileText.MadeAt(madeAt), EFilePage.Left);
        if (bilingual)
        {
            yield return new TextLineBlock(style.BodyEnglish, EFileText.InEnglish.MadeAt(madeAt), EFilePage.Left);
        }
    }

    /// <summary>A paragraph wrapped from <paramref name="left"/> to the right margin, one block a line.</summary>
    internal static IEnumerable<IFlowBlock> Lines(TextStyle style, string text, double left) =>
        style.Wrap(text, EFilePage.Right - left).Select(line => new TextLineBlock(style, line, left));

    private static IEnumerable<IFlowBlock> Flow(EFileStyle style, RecordsEFileContent content, RecordsTable? table)
    {
        var body = style.Body;
        yield return new TextLineBlock(body, EFileText.Number(content.Issue.Number), EFilePage.Left);
        yield return new TextLineBlock(body, EFileText.QueryDate(content.Issue.QueryDate), EFilePage.Left);
        yield return new SpaceBlock(ParagraphGap);
        foreach (var line in body.Wrap(EFileText.PersonParagraph(content), EFilePage.ContentWidth))
        {
            yield return new TextLineBlock(body, line, EFilePage.Left);
        }

        yield return new SpaceBlock(ParagraphGap);
        if (table is null)
        {
            yield return new TextLineBlock(body, EFileText.NoRecords, EFilePage.Left);
        }
        else
        {
            foreach (var row in table.Rows)
            {
                yield return row;
            }
        }

        foreach (var block in Closing(style, EFileText.Notes, content.Issue.MadeAt))
        {
            yield return block;
        }
    }

    /// <summary>
    /// The records e-file in Chinese and English: each fixed text with its English line under it, the person's
    /// passport spelling beside the Chinese name, dates in ISO form, the table with English in its cells.
    /// </summary>
    private static IEnumerable<IFlowBlock> BilingualFlow(EFileStyle style, RecordsEFileContent content, RecordsTable? table)
    {
        var (body, english) = (style.Body, style.BodyEnglish);
        yield return new TextLineBlock(body, EFileText.Number(content.Issue.Number), EFilePage.Left);
        yield return new TextLineBlock(english, EFileText.InEnglish.Number(content.Issue.Number), EFilePage.Left);
        yield return new TextLineBlock(body, EFileText.QueryDate(content.Issue.QueryDate), EFilePage.Left);
        yield return new TextLineBlock(english, EFileText.InEnglish.QueryDate(content.Issue.QueryDate), EFilePage.Left);
        yield return new SpaceBlock(ParagraphGap);
        foreach (var block in Lines(body, EFileText.PersonParagraph(content), EFilePage.Left)
            .Concat(Lines(english, EFileText.InEnglish.PersonParagraph(content), EFilePage.Left)))
        {
            yield return block;
        }

        yield return new SpaceBlock(ParagraphGap);
        if (table is null)
        {
            yield return new TextLineBlock(body, EFileText.NoRecords, EFilePage.Left);
            yield return new TextLineBlock(english, English.Text(EFileText.NoRecords), EFilePage.Left);
        }
        else
        {
            foreach (var row in table.Rows)
            {
                yield return row;
            }
        }

        foreach (var block in Closing(style, EFileText.Notes, content.Issue.MadeAt, bilingual: true))
        {
            yield return block;
        }
    }

    private static void DrawHeading(XGraphics graphics, EFileStyle style, EFileHeading heading)
    {
        if (heading.Language == Language.ZhEn)
        {
            // The title block grows by an English line under each Chinese one; the QR code and code stay where they are.
            style.Issuer.DrawCentred(graphics, EFileText.Issuer, EFilePage.Left, EFilePage.ContentWidth, 36);
            style.IssuerEnglish.DrawCentred(graphics, English.Text(EFileText.Issuer), EFilePage.Left, EFilePage.ContentWidth, 63);
            style.DocumentName.DrawCentred(graphics, heading.DocumentName, EFilePage.Left, EFilePage.ContentWidth, 79);
            style.DocumentNameEnglish.DrawCentred(graphics, English.Text(heading.DocumentName), EFilePage.Left, EFilePage.ContentWidth, 103);
        }
        else
        {
            style.Issuer.DrawCentred(graphics, EFileText.Issuer, EFilePage.Left, EFilePage.ContentWidth, 44);
            style.DocumentName.DrawCentred(graphics, heading.DocumentName, EFilePage.Left, EFilePage.ContentWidth, 76);
        }

        var qr = EFilePage.QrBox;
        using (var image = XImage.FromStream(new MemoryStream(QrCodes.Png(heading.VerificationUrl.AbsoluteUri))))
        {
            // Modules must stay sharp squares: smoothing blurs them for scanners.
            image.Interpolate = false;
            graphics.DrawImage(image, qr);
        }

        style.Small.DrawRight(graphics, EFileText.VerificationCode(heading.VerificationCode), EFilePage.Right, qr.Bottom + 1);
        if (heading.Language == Language.ZhEn)
        {
            style.SmallEnglish.DrawRight(graphics, EFileText.InEnglish.VerificationCode(heading.VerificationCode), EFilePage.Right, qr.Bottom + 1 + style.Small.LineHeight);
        }
    }

    private static void DrawFlow(XGraphics graphics, ContentStreamText text, List<PlacedBlock> blocks)
    {
        RecordsTable? table = null;
        var part = new List<PlacedBlock>();
        foreach (var placed in blocks)
        {
            if (!ReferenceEquals(placed.Block.Table, table))
            {
                table?.Draw(graphics, text, part);
                part.Clear();
                table = placed.Block.Table;
            }

            if (table is null)
            {
                placed.Block.Draw(graphics, placed.Top);
            }
            else
            {
                part.Add(placed);
            }
        }

        table?.Draw(graphics, text, part);
    }

    private static void SetMetadata(PdfDocument document, EFileHeading content)
    {
        var info = document.Info;
        info.Title = EFileText.Issuer + " " + content.DocumentName;
        info.Subject = content.Number.Value;
        info.Creator = content.Creator;
        // As UTC: PDFsharp writes a DateTime of any other kind with the host's offset, which would make the file
        // depend on the machine's time zone (and its XMP copy would disagree).
        info.CreationDate = content.MadeAt.UtcDateTime;
        info.ModificationDate = content.MadeAt.UtcDateTime;
        document.Language = "zh-CN";
    }
}

/// <summary>What page 1's heading and the metadata of an e-file say.</summary>
internal sealed record EFileHeading(string DocumentName, string Creator, ReportNumber Number, DateTimeOffset MadeAt, string VerificationCode, Uri VerificationUrl)
{
    public Language Language { get; init; }

    public static EFileHeading Of(string documentName, string creator, EFileIssue issue) =>
        new(documentName, creator, issue.Number, issue.MadeAt, issue.VerificationCode, issue.VerificationUrl) { Language = issue.Language };
}
