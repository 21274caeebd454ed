using EntryExit.Core.Documents;
using EntryExit.Core.Identity;
using EntryExit.Core.Issuances;
using EntryExit.Core.Records;

namespace EntryExit.Core.Import;

/// <summary>One parsed NDJSON line of an import (SPEC §5.1).</summary>
public abstract record ImportLine
{
    private ImportLine()
    {
    }

    public sealed record PersonLine(Person Person) : ImportLine;

    /// <summary>Sets or replaces the person's reference photo (SPEC §5.1); the person must be known.</summary>
    public sealed record PhotoLine(ResidentIdNumber IdNumber, ReferencePhoto Photo) : ImportLine;

    public sealed record CrossingLine(ResidentIdNumber IdNumber, Crossing Crossing) : ImportLine;

    public sealed record DocumentLine(ResidentIdNumber IdNumber, TravelDocument Document) : ImportLine;

    /// <summary>An endorsement names only its document's number; the owner is found through the document.</summary>
    public sealed record EndorsementLine(string DocumentNumber, Endorsement Endorsement) : ImportLine;

    public sealed record IssuanceLine(ResidentIdNumber IdNumber, Issuance Issuance) : ImportLine;

    /// <summary>A line that could not be imported, with a stable code saying why.</summary>
    public sealed record Rejected(string Code) : ImportLine;
}

/// <summary>A rejected line in an import's report.</summary>
public sealed record ImportError(long Line, string Code);

/// <summary>
/// Where an import stands. <see cref="LinesRead"/> lines are committed: a restarted run resumes after them.
/// </summary>
public sealed record ImportStatus(string ImportId, ImportState Status, long LinesRead, long Accepted, long Rejected, IReadOnlyList<ImportError> Errors)
{
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the running worker last proved it is alive; another may take over once this lapses.</summary>
    public DateTimeOffset? ClaimedAt { get; init; }

    public int Attempts { get; init; }

    public string? Version { get; init; }
}

/// <summary>Import progress, kept so <c>GET /api/ops/imports/{id}</c> can answer and a restarted run can resume.</summary>
public interface IImportStore
{
    Task CreateAsync(ImportStatus status, CancellationToken cancellationToken);

    Task<ImportStatus?> FindAsync(string importId, CancellationToken cancellationToken);

    /// <summary>Replaces the import if still at <see cref="ImportStatus.Version"/>; the new copy, or null when someone wrote first.</summary>
    Task<ImportStatus?> TryUpdateAsync(ImportStatus status, CancellationToken cancellationToken);

    /// <summary>Imports still queued or running whose status last changed before <paramref name="changedBefore"/>.</summary>
    IAsyncEnumerable<ImportStatus> ListStuckAsync(DateTimeOffset changedBefore, CancellationToken cancellationToken);
}

/// <summary>The uploaded NDJSON of each import, kept until it has been read to the end.</summary>
public interface IImportFiles
{
    Task SaveAsync(string importId, Stream content, CancellationToken cancellationToken);

    Task<Stream> OpenReadAsync(string importId, CancellationToken cancellationToken);

    Task DeleteAsync(string importId, CancellationToken cancellationToken);
}

/// <summary>The queue that hands an uploaded import to the import runner; messages carry the import id only.</summary>
public interface IImportQueue
{
    public const string Name = "import-run";

    Task EnqueueAsync(string importId, TimeSpan delay, CancellationToken cancellationToken);
}
