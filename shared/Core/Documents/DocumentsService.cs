using EntryExit.Core.Identity;
using EntryExit.Core.Records;

namespace EntryExit.Core.Documents;

/// <summary>Document query (SPEC §2.2): the person's passports and permits with endorsements, newest first.</summary>
public sealed class DocumentsService(IDocumentStore documents, IAuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<TravelDocument>> ListAsync(AccessGrant grant, ClientAddress client, CancellationToken cancellationToken)
    {
        // Official passports and seaman's books exist in the record but are served only at a counter.
        var list = (await documents.ListAsync(grant.PersonKey, cancellationToken)).Where(d => d.Kind.IsServedOnline()).ToList();
        await audit.RecordAsync(new AuditEntry(clock.GetUtcNow(), "documents.query", "ok", grant.PersonKey, client.Network), cancellationToken);
        return list;
    }
}
