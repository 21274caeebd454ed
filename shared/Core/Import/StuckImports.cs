using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EntryExit.Core.Import;

/// <summary>
/// Puts imports back on their queue when they have stayed queued or running without a checkpoint for
/// <see cref="ImportOptions.StuckAfterMinutes"/> (a crash between saving the upload and sending its message). The runner
/// claims an import and resumes after its last checkpoint, so a message too many counts nothing twice.
/// </summary>
public sealed partial class StuckImports(IImportStore imports, IImportQueue queue, TimeProvider clock, IOptions<ImportOptions> options, ILogger<StuckImports> logger)
{
    /// <returns>How many imports were put back on the queue.</returns>
    public async Task<int> RequeueAsync(CancellationToken cancellationToken)
    {
        var changedBefore = clock.GetUtcNow() - TimeSpan.FromMinutes(options.Value.StuckAfterMinutes);
        var requeued = 0;
        await foreach (var import in imports.ListStuckAsync(changedBefore, cancellationToken))
        {
            await queue.EnqueueAsync(import.ImportId, TimeSpan.Zero, cancellationToken);
            LogRequeued(logger, import.ImportId, import.Status.Code());
            requeued++;
        }

        return requeued;
    }

    [LoggerMessage(LogLevel.Warning, "Import {ImportId} was stuck {Status}; put back on its queue")]
    private static partial void LogRequeued(ILogger logger, string importId, string status);
}
