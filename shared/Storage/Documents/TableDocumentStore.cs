using System.Globalization;
using Azure.Data.Tables;
using EntryExit.Core.Documents;
using EntryExit.Core.Identity;
using EntryExit.Core.Records;
using EntryExit.Core.Security;

namespace EntryExit.Storage.Documents;

/// <summary>
/// Documents and endorsements: partition = PersonKey (see <see cref="DocumentKeys"/>). A second table,
/// DocumentIndex, maps a keyed hash of a document number to its owner, because an endorsement line names only
/// the number.
/// </summary>
public sealed class TableDocumentStore(StorageClients clients, IPersonKeys personKeys) : IDocumentStore
{
    private readonly TableClient _documents = clients.Tables.GetTableClient(StorageNames.DocumentsTable);
    private readonly TableClient _index = clients.Tables.GetTableClient(StorageNames.DocumentIndexTable);

    public async Task UpsertAsync(PersonKey personKey, IReadOnlyList<TravelDocument> documents, CancellationToken cancellationToken)
    {
        await TableBatches.UpsertAsync(_documents, documents.Select(d => (ITableEntity)ToEntity(personKey, d)), cancellationToken);

        // One index entry per document, each in its own partition: no transaction can group them.
        await Parallel.ForEachAsync(documents, Concurrently(cancellationToken), async (document, ct) =>
            await _index.UpsertEntityAsync(
                new TableEntity(IndexKey(document.Number), "") { ["Person"] = personKey.Value, ["Kind"] = document.Kind.Code() },
                TableUpdateMode.Replace,
                ct));
    }

    public async Task<IReadOnlyList<bool>> AddEndorsementsAsync(IReadOnlyList<(string DocumentNumber, Endorsement Endorsement)> endorsements, CancellationToken cancellationToken)
    {
        var owners = new System.Collections.Concurrent.ConcurrentDictionary<string, (PersonKey PersonKey, DocumentKind Kind)?>();
        await Parallel.ForEachAsync(endorsements.Select(e => e.DocumentNumber).Distinct(), Concurrently(cancellationToken), async (number, ct) =>
        {
            var found = await _index.GetEntityIfExistsAsync<TableEntity>(IndexKey(number), "", cancellationToken: ct);
            owners[number] = found.HasValue && found.Value is { } e
                ? (new PersonKey(new StoredRow(StorageNames.DocumentIndexTable, e).Text("Person")), new StoredRow(StorageNames.DocumentIndexTable, e).Code<DocumentKind>("Kind", DocumentKinds.TryParse))
                : null;
        });

        var entities = new List<ITableEntity>();
        var known = new bool[endorsements.Count];
        for (var i = 0; i < endorsements.Count; i++)
        {
            var (number, endorsement) = endorsements[i];
            if (owners[number] is { } owner)
            {
                known[i] = true;
                entities.Add(ToEntity(owner.PersonKey, new DocumentRef(owner.Kind, number), endorsement));
            }
        }

        await TableBatches.UpsertAsync(_documents, entities, cancellationToken);
        return known;
    }

    public async Task<IReadOnlyList<TravelDocument>> ListAsync(PersonKey personKey, CancellationToken cancellationToken)
    {
        var documents = new List<TravelDocument>();
        var endorsements = new Dictionary<DocumentRef, List<Endorsement>>();
        await foreach (var e in _documents.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {personKey.Value}"), cancellationToken: cancellationToken))
        {
            var row = new StoredRow(StorageNames.DocumentsTable, e);
            var kind = row.Code<DocumentKind>("Kind", DocumentKinds.TryParse);
            if (e.RowKey.StartsWith(DocumentKeys.DocumentPrefix, StringComparison.Ordinal))
            {
                var status = row.Code<DocumentStatus>("Status", DocumentStatuses.TryParse);
                documents.Add(new TravelDocument(kind, row.Text("Number"), status, row.Date("IssuedOn"), row.Date("ExpiresOn"), row.Text("IssuingAuthority"), row.Text("PlaceOfIssue")));
            }
            else
            {
                var key = new DocumentRef(kind, row.Text("Number"));
                if (!endorsements.TryGetValue(key, out var list))
                {
                    endorsements[key] = list = [];
                }

                list.Add(new Endorsement(row.Text("Destination"), row.Text("Type"), row.Text("Entries"), row.Date("ValidFrom"), row.Date("ValidUntil"), row.OptionalInt32("StaysDays") ?? 0));
            }
        }

        return [.. documents.Select(d => endorsements.TryGetValue(d.Ref, out var list) ? d with { Endorsements = list } : d)];
    }

    private static ParallelOptions Concurrently(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };

    /// <summary>A keyed hash, so the index's keys do not list document numbers.</summary>
    private string IndexKey(string documentNumber) => personKeys.KeyOfDocument(documentNumber);

    private static TableEntity ToEntity(PersonKey personKey, TravelDocument d) => new(personKey.Value, DocumentKeys.Document(d))
    {
        ["Kind"] = d.Kind.Code(),
        ["Number"] = d.Number,
        ["Status"] = d.Status.Code(),
        ["IssuedOn"] = Text(d.IssuedOn),
        ["ExpiresOn"] = Text(d.ExpiresOn),
        ["IssuingAuthority"] = d.IssuingAuthority,
        ["PlaceOfIssue"] = d.PlaceOfIssue,
    };

    private static TableEntity ToEntity(PersonKey personKey, DocumentRef document, Endorsement e) => new(personKey.Value, DocumentKeys.Endorsement(document, e))
    {
        ["Kind"] = document.Kind.Code(),
        ["Number"] = document.Number,
        ["Destination"] = e.Destination,
        ["Type"] = e.Type,
        ["Entries"] = e.Entries,
        ["ValidFrom"] = Text(e.ValidFrom),
        ["ValidUntil"] = Text(e.ValidUntil),
        ["StaysDays"] = e.StaysDays,
    };

    internal static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
