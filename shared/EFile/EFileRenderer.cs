using EntryExit.Core.Reports;
using EntryExit.Core.Security;
using PdfSharp.Pdf;

namespace EntryExit.EFile;

/// <summary>
/// Draws either kind of e-file (<see cref="RecordsEFile"/>, <see cref="IssuancesEFile"/>) and saves it: signed with the
/// key the render stage resolved (PAdES B-B, the seal at the top-left icon of page 1) and, when the e-file is emailed,
/// encrypted with the citizen's password (AES-256). Without a key the e-file is unsigned: layout tests and the warm-up.
/// </summary>
/// <param name="random">Makes the owner passwords of encrypted e-files, which are thrown away.</param>
public sealed class EFileRenderer(ISecureRandom random) : IEFileRenderer
{
    public RenderedEFile RenderRecords(RecordsEFileContent content, IEFileSigningKey? signingKey = null, EFileProtection? protection = null)
    {
        using var document = RecordsEFile.Build(content);
        return Save(document, content.MadeAt, signingKey, protection);
    }

    public RenderedEFile RenderIssuances(IssuancesEFileContent content, IEFileSigningKey? signingKey = null, EFileProtection? protection = null)
    {
        using var document = IssuancesEFile.Build(content);
        return Save(document, content.MadeAt, signingKey, protection);
    }

    /// <summary>The page count is read first: PDFsharp refuses every question about a saved document.</summary>
    private RenderedEFile Save(PdfDocument document, DateTimeOffset madeAt, IEFileSigningKey? signingKey, EFileProtection? protection)
    {
        var pages = document.PageCount;
        return new RenderedEFile(EFileOutput.Save(document, madeAt, signingKey, protection ?? EFileProtection.None, random), pages);
    }
}
