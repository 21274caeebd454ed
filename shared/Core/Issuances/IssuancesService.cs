using EntryExit.Core.Documents;
using EntryExit.Core.Identity;
using EntryExit.Core.Problems;

namespace EntryExit.Core.Issuances;

/// <summary>The passports issued to the person, and the (masked) ID number that ties them together.</summary>
public sealed record IssuanceList(string IdNumberMasked, IReadOnlyList<Issuance> Passports);

/// <summary>Passport issuance records (SPEC §2.4).</summary>
public sealed class IssuancesService(IIssuanceStore issuances, IPersonStore people, IAuditLog audit, TimeProvider clock)
{
    public async Task<Result<IssuanceList>> ListAsync(AccessGrant grant, ClientAddress client, CancellationToken cancellationToken)
    {
        // A token for nobody (a person removed since, or a token signed for a made-up key) is a bad token, not a failure.
        if (await people.FindAsync(grant.PersonKey, cancellationToken) is not { } person)
        {
            return ApiProblems.TokenInvalid();
        }

        var passports = await issuances.ListAsync(grant.PersonKey, cancellationToken);
        await audit.RecordAsync(new AuditEntry(clock.GetUtcNow(), "issuances.query", "ok", grant.PersonKey, client.Network), cancellationToken);
        return new IssuanceList(person.IdNumber.Masked, passports);
    }
}
