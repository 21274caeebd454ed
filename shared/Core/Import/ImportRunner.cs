using EntryExit.Core.Documents;
using EntryExit.Core.Identity;
using EntryExit.Core.Issuances;
using EntryExit.Core.Records;
using EntryExit.Core.Security;
using EntryExit.Core.Telemetry;
using EntryExit.Core.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EntryExit.Core.Import;

/// <summary>
/// Reads a queued import line by line (bounded memory, whatever the file size), writes it in batches and records a
/// checkpoint after each, so a run that crashes resumes after the last committed line and nothing is counted twice.
/// </summary>
public sealed partial class ImportRunner(
    IImportStore imports,
    IImportFiles files,
    IImportQueue queue,
    IPersonKeys personKeys,
    IPersonStore people,
    IReferencePhotos photos,
    IDocumentStore documents,
    IIssuanceStore issuances,
    ICrossingStore crossings,
    TimeProvider clock,
    IOptions<ImportOptions> options,
    EntryExitMetrics metrics,
    ILogger<ImportRunner> logger)
{
    private const int MaxReportedErrors = 500;

    public async Task RunAsync(string importId, CancellationToken cancellationToken)
    {
        var status = await ClaimAsync(importId, cancellationToken);
        if (status is null)
        {
            return;
        }

        var settings = options.Value;
        var batch = new ImportBatch(personKeys, people, photos, documents, issuances, crossings, settings.Parallelism);
        var today = ChinaTime.Today(clock);
        var errors = status.Errors.ToList();
        long line = 0, accepted = status.Accepted, rejected = status.Rejected;

        await using (var stream = await files.OpenReadAsync(importId, cancellationToken))
        {
            var reader = new BoundedLineReader(stream, settings.MaxLineBytes);
            while (await reader.ReadLineAsync(cancellationToken) is { } text)
            {
                line++;
                if (line <= status.LinesRead || !text.TooLong && IsBlank(text.Bytes.Span))
                {
                    continue;
                }

                var parsed = text.TooLong ? new ImportLine.Rejected("line_too_long") : ImportLineParser.Parse(text.Bytes.Span, today);
                if (batch.Add(line, parsed))
                {
                    accepted++;
                }
                else
                {
                    rejected++;
                    AddError(errors, new ImportError(line, ((ImportLine.Rejected)parsed).Code));
                }

                // Photos are large: a batch of them is flushed early, so memory stays bounded by bytes as well as lines.
                if (batch.Count >= settings.CheckpointLines || batch.PhotoBytes >= ImportBatch.MaxPhotoBytes)
                {
                    (accepted, rejected) = await FlushAsync(batch, errors, accepted, rejected, cancellationToken);
                    var committed = status;
                    status = await imports.TryUpdateAsync(
                        status with { LinesRead = line, Accepted = accepted, Rejected = rejected, Errors = [.. errors], ClaimedAt = clock.GetUtcNow() },
                        cancellationToken);
                    if (status is null)
                    {
                        // Another worker took over after our claim lapsed; it resumes from our last checkpoint.
                        LogLostClaim(logger, importId);
                        return;
                    }

                    CountCommitted(committed, status);
                }
            }
        }

        (accepted, rejected) = await FlushAsync(batch, errors, accepted, rejected, cancellationToken);
        var done = await imports.TryUpdateAsync(
            status with { Status = ImportState.Completed, LinesRead = line, Accepted = accepted, Rejected = rejected, Errors = [.. errors], ClaimedAt = null },
            cancellationToken);
        if (done is not null)
        {
            CountCommitted(status, done);
            await files.DeleteAsync(importId, cancellationToken);
            LogCompleted(logger, importId, line, accepted, rejected);
        }
    }

    private static async Task<(long Accepted, long Rejected)> FlushAsync(ImportBatch batch, List<ImportError> errors, long accepted, long rejected, CancellationToken cancellationToken)
    {
        foreach (var refused in await batch.FlushAsync(cancellationToken))
        {
            accepted--;
            rejected++;
            AddError(errors, refused);
        }

        return (accepted, rejected);
    }

    /// <summary>Counts lines once, when their checkpoint is committed: a run resumed after a crash does not count them again.</summary>
    private void CountCommitted(ImportStatus before, ImportStatus after) =>
        metrics.ImportLines(after.Accepted - before.Accepted, after.Rejected - before.Rejected);

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r"u8) < 0;

    private static void AddError(List<ImportError> errors, ImportError error)
    {
        if (errors.Count < MaxReportedErrors)
        {
            errors.Add(error);
            errors.Sort((a, b) => a.Line.CompareTo(b.Line));
        }
    }

    /// <summary>Takes the import for this worker, or null when there is nothing to do (done, failed, or held by another).</summary>
    private async Task<ImportStatus?> ClaimAsync(string importId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var lease = TimeSpan.FromSeconds(settings.LeaseSeconds);
        while (true)
        {
            var status = await imports.FindAsync(importId, cancellationToken);
            if (status is null || status.Status is ImportState.Completed or ImportState.Failed)
            {
                return null;
            }

            var now = clock.GetUtcNow();
            if (status.Status == ImportState.Running && status.ClaimedAt + lease > now)
            {
                await queue.EnqueueAsync(importId, status.ClaimedAt!.Value + lease - now, cancellationToken);
                return null;
            }

            var next = status.Attempts >= settings.MaxAttempts
                ? status with { Status = ImportState.Failed, ClaimedAt = null }
                : status with { Status = ImportState.Running, ClaimedAt = now, Attempts = status.Attempts + 1 };
            var claimed = await imports.TryUpdateAsync(next, cancellationToken);
            if (claimed is not null)
            {
                return claimed.Status == ImportState.Running ? claimed : null;
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Import {ImportId} completed: {LinesRead} lines, {Accepted} accepted, {Rejected} rejected")]
    private static partial void LogCompleted(ILogger logger, string importId, long linesRead, long accepted, long rejected);

    [LoggerMessage(LogLevel.Warning, "Import {ImportId} was taken over by another worker")]
    private static partial void LogLostClaim(ILogger logger, string importId);
}
