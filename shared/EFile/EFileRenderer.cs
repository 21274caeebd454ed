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
    public async Task<RenderedEFile> RenderRecordsAsync(
        RecordsEFileContent content, IEFileSigningKey? signingKey = null, EFileProtection? protection = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var document = await RecordsEFile.BuildAsync(content, cancellationToken);
        return await SaveAsync(document, content.Issue.MadeAt, signingKey, protection, cancellationToken);
    }

    public async Task<RenderedEFile> RenderIssuancesAsync(
        IssuancesEFileContent content, IEFileSigningKey? signingKey = null, EFileProtection? protection = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var document = await IssuancesEFile.BuildAsync(content, cancellationToken);
        return await SaveAsync(document, content.Issue.MadeAt, signingKey, protection, cancellationToken);
    }

    /// <summary>The page count is read first: PDFsharp refuses every question about a saved document.</summary>
    private async Task<RenderedEFile> SaveAsync(
        PdfDocument document, DateTimeOffset madeAt, IEFileSigningKey? signingKey, EFileProtection? protection, CancellationToken cancellationToken)
    {
        var pages = document.PageCount;
        var pdf = await EFileOutput.SaveAsync(document, madeAt, signingKey, protection ?? EFileProtection.None, random, cancellationToken);
        return new RenderedEFile(pdf, pages);
    }
}
