using EntryExit.Core.Reports;
using EntryExit.Core.Security;

namespace EntryExit.EFile.Tests;

/// <summary>The one <see cref="EFileRenderer"/> with a key at hand, as the render stage hands it the key it resolved.</summary>
public sealed class SignedRenderer(IEFileSigningKey key, ISecureRandom? random = null)
{
    private readonly EFileRenderer renderer = new(random ?? new SystemSecureRandom());

    public Task<RenderedEFile> RenderRecordsAsync(RecordsEFileContent content, EFileProtection? protection = null) =>
        renderer.RenderRecordsAsync(content, key, protection);

    public Task<RenderedEFile> RenderIssuancesAsync(IssuancesEFileContent content, EFileProtection? protection = null) =>
        renderer.RenderIssuancesAsync(content, key, protection);
}
