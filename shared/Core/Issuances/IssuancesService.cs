using EntryExit.Core.Documents;
using EntryExit.Core.Identity;

namespace EntryExit.Core.Issuances;

/// <summary>The passports issued to the person, and the (masked) ID number that ties them together.</summary>
public sealed record IssuanceList(string IdNumberMasked, IReadOnlyList<Issuance> Passports);

/// <summary>Passport issuance records (SPEC §2.4).</summary>
public sealed class IssuancesService(IIssuanceStore issuances, IPersonStore people, IAuditLog audit, TimeProvider clock)
{
    public async Task<IssuanceList> ListAsync(AccessGrant grant, ClientAddress client, CancellationToken cancellationToken)
    {
        var person = await people.FindAsync(grant.Person, cancellationToken)
            ?? throw new InvalidOperationException("A verified person is missing from the population record.");
        var passports = await issuances.ListAsync(grant.Person, cancellationToken);
        await audit.RecordAsync(new AuditEntry(clock.GetUtcNow(), "issuances.query", "ok", grant.Person, client.Network), cancellationToken);
        return new IssuanceList(person.IdNumber.Masked, passports);
    }
}
