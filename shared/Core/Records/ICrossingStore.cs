using EntryExit.Core.Identity;

namespace EntryExit.Core.Records;

/// <summary>One page of crossings, newest first, and where the next page starts (null at the end).</summary>
public sealed record CrossingPage(IReadOnlyList<Crossing> Crossings, string? ContinuationRowKey);

/// <summary>A person's crossings, stored newest first under <see cref="CrossingKey"/>.</summary>
public interface ICrossingStore
{
    Task UpsertAsync(PersonKey personKey, IReadOnlyList<Crossing> crossings, CancellationToken cancellationToken);

    /// <summary>Crossings in [<paramref name="start"/>, <paramref name="end"/>), newest first, after row key <paramref name="afterRowKey"/>.</summary>
    Task<CrossingPage> QueryAsync(
        PersonKey personKey,
        DateTimeOffset start,
        DateTimeOffset end,
        IReadOnlyCollection<DocumentRef> documents,
        int pageSize,
        string? afterRowKey,
        CancellationToken cancellationToken);
}
