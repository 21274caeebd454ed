using EntryExit.Core.Identity;
using EntryExit.Core.Records;

namespace EntryExit.Core.Import;

/// <summary>One parsed NDJSON line of an import (SPEC §5.1).</summary>
public abstract record ImportLine
{
    private ImportLine()
    {
    }

    public sealed record PersonLine(Person Person) : ImportLine;

    public sealed record CrossingLine(ResidentIdNumber IdNumber, Crossing Crossing) : ImportLine;

    /// <summary>A line that could not be imported, with a stable code saying why.</summary>
    public sealed record Rejected(string Code) : ImportLine;
}

/// <summary>A rejected line in an import's report.</summary>
public sealed record ImportError(long Line, string Code);

/// <summary>Where an import stands.</summary>
public sealed record ImportStatus(string ImportId, string Status, long LinesRead, long Accepted, long Rejected, IReadOnlyList<ImportError> Errors);

/// <summary>Import progress, kept so <c>GET /api/ops/imports/{id}</c> can answer.</summary>
public interface IImportStore
{
    Task SaveAsync(ImportStatus status, CancellationToken cancellationToken);

    Task<ImportStatus?> FindAsync(string importId, CancellationToken cancellationToken);
}
