using EntryExit.Core.Security;
using Microsoft.Extensions.Logging;

namespace EntryExit.Core.Import;

/// <summary>
/// Accepts a bulk import (SPEC §5.1): the NDJSON is kept in storage and handed to <see cref="ImportRunner"/> through a
/// queue, so an upload of any size returns at once and a crashed run resumes where it stopped.
/// </summary>
public sealed partial class ImportService(
    IImportStore imports,
    IImportFiles files,
    IImportQueue queue,
    ISecureRandom random,
    TimeProvider clock,
    ILogger<ImportService> logger)
{
    public async Task<ImportStatus> StartAsync(Stream ndjson, CancellationToken cancellationToken)
    {
        var importId = random.NextId(12);
        await files.SaveAsync(importId, ndjson, cancellationToken);
        var status = new ImportStatus(importId, ImportState.Queued, 0, 0, 0, []) { CreatedAt = clock.GetUtcNow() };
        await imports.CreateAsync(status, cancellationToken);
        await queue.EnqueueAsync(importId, TimeSpan.Zero, cancellationToken);
        LogQueued(logger, importId);
        return status;
    }

    public Task<ImportStatus?> FindAsync(string importId, CancellationToken cancellationToken) => imports.FindAsync(importId, cancellationToken);

    [LoggerMessage(LogLevel.Information, "Import {ImportId} queued")]
    private static partial void LogQueued(ILogger logger, string importId);
}

/// <summary>The states of an import.</summary>

