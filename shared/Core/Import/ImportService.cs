using EntryExit.Core.Identity;
using EntryExit.Core.Records;
using EntryExit.Core.Security;
using EntryExit.Core.Time;
using Microsoft.Extensions.Logging;

namespace EntryExit.Core.Import;

/// <summary>
/// Bulk import of NDJSON (SPEC §5.1), streamed line by line. Writes are upserts keyed by content, so importing the
/// same file twice changes nothing; bad lines are counted and reported while the rest goes in.
/// </summary>
public sealed partial class ImportService(
    IPersonKeys personKeys,
    IPersonStore people,
    ICrossingStore crossings,
    IImportStore imports,
    ISecureRandom random,
    TimeProvider clock,
    ILogger<ImportService> logger)
{
    private const int BatchSize = 100;
    private const int MaxReportedErrors = 500;

    public async Task<ImportStatus> ImportAsync(Stream ndjson, CancellationToken cancellationToken)
    {
        var importId = random.NextId(12);
        var today = ChinaTime.Today(clock);
        var errors = new List<ImportError>();
        long linesRead = 0, accepted = 0, rejected = 0;
        var pendingPeople = new List<Person>();
        var pendingCrossings = new Dictionary<PersonKey, List<Crossing>>();
        await imports.SaveAsync(new ImportStatus(importId, "running", 0, 0, 0, []), cancellationToken);

        using var reader = new StreamReader(ndjson, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            linesRead++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            switch (ImportLineParser.Parse(System.Text.Encoding.UTF8.GetBytes(line), today))
            {
                case ImportLine.PersonLine person:
                    pendingPeople.Add(person.Person);
                    if (pendingPeople.Count >= BatchSize)
                    {
                        await people.UpsertAsync(pendingPeople, cancellationToken);
                        pendingPeople.Clear();
                    }

                    accepted++;
                    break;
                case ImportLine.CrossingLine crossing:
                    var key = personKeys.KeyOf(crossing.IdNumber);
                    if (!pendingCrossings.TryGetValue(key, out var batch))
                    {
                        pendingCrossings[key] = batch = [];
                    }

                    batch.Add(crossing.Crossing);
                    if (batch.Count >= BatchSize)
                    {
                        await crossings.UpsertAsync(key, batch, cancellationToken);
                        pendingCrossings.Remove(key);
                    }

                    accepted++;
                    break;
                case ImportLine.Rejected bad:
                    rejected++;
                    if (errors.Count < MaxReportedErrors)
                    {
                        errors.Add(new ImportError(linesRead, bad.Code));
                    }

                    break;
            }
        }

        await people.UpsertAsync(pendingPeople, cancellationToken);
        foreach (var (key, batch) in pendingCrossings)
        {
            await crossings.UpsertAsync(key, batch, cancellationToken);
        }

        var status = new ImportStatus(importId, "completed", linesRead, accepted, rejected, errors);
        await imports.SaveAsync(status, cancellationToken);
        LogImported(logger, importId, linesRead, accepted, rejected);
        return status;
    }

    public Task<ImportStatus?> FindAsync(string importId, CancellationToken cancellationToken) => imports.FindAsync(importId, cancellationToken);

    [LoggerMessage(LogLevel.Information, "Import {ImportId} completed: {LinesRead} lines, {Accepted} accepted, {Rejected} rejected")]
    private static partial void LogImported(ILogger logger, string importId, long linesRead, long accepted, long rejected);
}
