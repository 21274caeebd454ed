using EntryExit.Core.Identity;

namespace EntryExit.Core.Issuances;

/// <summary>The passports issued to a person, newest first.</summary>
public interface IIssuanceStore
{
    Task UpsertAsync(PersonKey personKey, IReadOnlyList<Issuance> issuances, CancellationToken cancellationToken);

    Task<IReadOnlyList<Issuance>> ListAsync(PersonKey personKey, CancellationToken cancellationToken);
}
