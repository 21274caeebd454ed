using EntryExit.Core.Identity;

namespace EntryExit.Core.Documents;

/// <summary>A person's documents and their endorsements, in one partition, newest issue first.</summary>
public interface IDocumentStore
{
    Task UpsertAsync(PersonKey personKey, IReadOnlyList<TravelDocument> documents, CancellationToken cancellationToken);

    /// <summary>Adds endorsements to the documents they belong to, found by document number.</summary>
    /// <returns>For each endorsement, whether its document was known.</returns>
    Task<IReadOnlyList<bool>> AddEndorsementsAsync(IReadOnlyList<(string DocumentNumber, Endorsement Endorsement)> endorsements, CancellationToken cancellationToken);

    Task<IReadOnlyList<TravelDocument>> ListAsync(PersonKey personKey, CancellationToken cancellationToken);
}
