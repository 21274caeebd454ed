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
        var today = ChinaTime.Today(clock);
        var batch = NewBatch();
        var errors = new List<ImportError>();
        long line = 0, accepted = 0, rejected = 0;

        // One batch is written while the next is read and parsed, so storage is not idle while lines are parsed. Writes
        // never overlap: a batch is written only after the one before it is committed, so documents still reach
        // storage before the endorsements that hang on them and people before their photos, and each checkpoint
        // counts exactly the lines written. Memory holds at most two batches.
        Task<ImportStatus?> committing = Task.FromResult<ImportStatus?>(status);
        try
        {
            await using var stream = await files.OpenReadAsync(importId, cancellationToken);
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
                    if (await committing is not { } committed)
                    {
                        // Another worker took over after our claim lapsed; it resumes from our last checkpoint.
                        LogLostClaim(logger, importId);
                        return;
                    }

                    committing = CommitAsync(committed, new Lines(batch, line, accepted, rejected, errors), completed: false, cancellationToken);
                    batch = NewBatch();
                    errors = [];
                    (accepted, rejected) = (0, 0);
                }
            }
        }
        catch
        {
            // The batch being written is not abandoned half-way by this run: its failure, if any, is the lesser news.
            await Task.WhenAny(committing);
            throw;
        }

        if (await committing is not { } last)
        {
            LogLostClaim(logger, importId);
            return;
        }

        if (await CommitAsync(last, new Lines(batch, line, accepted, rejected, errors), completed: true, cancellationToken) is not null)
        {
            await files.DeleteAsync(importId, cancellationToken);
        }

        ImportBatch NewBatch() => new(personKeys, people, photos, documents, issuances, crossings, settings.Parallelism);
    }

    /// <summary>
    /// Writes a batch and records the checkpoint after it (or the import's completion): the counts and errors of its
    /// lines are added to those committed before.
    /// </summary>
    /// <returns>The import as committed, or null when another worker has taken it over.</returns>
    private async Task<ImportStatus?> CommitAsync(ImportStatus committed, Lines lines, bool completed, CancellationToken cancellationToken)
    {
        var errors = committed.Errors.ToList();
        long accepted = committed.Accepted + lines.Accepted, rejected = committed.Rejected + lines.Rejected;
        foreach (var error in lines.Errors)
        {
            AddError(errors, error);
        }

        foreach (var refused in await lines.Batch.FlushAsync(cancellationToken))
        {
            accepted--;
            rejected++;
            AddError(errors, refused);
        }

        var next = committed with
        {
            LinesRead = lines.LastLine,
            Accepted = accepted,
            Rejected = rejected,
            Errors = [.. errors],
            Status = completed ? ImportState.Completed : committed.Status,
            ClaimedAt = completed ? null : clock.GetUtcNow(),
        };
        var updated = await imports.TryUpdateAsync(next, cancellationToken);
        if (updated is not null)
        {
            CountCommitted(committed, updated);
            if (completed)
            {
                LogCompleted(logger, updated.ImportId, updated.LinesRead, updated.Accepted, updated.Rejected);
            }
        }

        return updated;
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

    /// <summary>Lines read since the last checkpoint: the batch of accepted ones, up to which line, the counts and the errors of parsing.</summary>
    private sealed record Lines(ImportBatch Batch, long LastLine, long Accepted, long Rejected, List<ImportError> Errors);

    [LoggerMessage(LogLevel.Information, "Import {ImportId} completed: {LinesRead} lines, {Accepted} accepted, {Rejected} rejected")]
    private static partial void LogCompleted(ILogger logger, string importId, long linesRead, long accepted, long rejected);

    [LoggerMessage(LogLevel.Warning, "Import {ImportId} was taken over by another worker")]
    private static partial void LogLostClaim(ILogger logger, string importId);
}
