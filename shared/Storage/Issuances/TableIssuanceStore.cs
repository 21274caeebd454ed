using Azure.Data.Tables;
using EntryExit.Core.Documents;
using EntryExit.Core.Identity;
using EntryExit.Core.Issuances;
using EntryExit.Storage.Documents;

namespace EntryExit.Storage.Issuances;

/// <summary>Issuances: partition = PersonKey, row key = inverted issue date + passport number (newest first).</summary>
public sealed class TableIssuanceStore(StorageClients clients) : IIssuanceStore
{
    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.IssuancesTable);

    public Task UpsertAsync(PersonKey personKey, IReadOnlyList<Issuance> issuances, CancellationToken cancellationToken) =>
        TableBatches.UpsertAsync(_table, issuances.Select(i => (ITableEntity)new TableEntity(personKey.Value, DocumentKeys.Issuance(i))
        {
            ["PassportNumber"] = i.PassportNumber,
            ["IssuedOn"] = TableDocumentStore.Text(i.IssuedOn),
            ["ExpiresOn"] = TableDocumentStore.Text(i.ExpiresOn),
            ["IssuingAuthority"] = i.IssuingAuthority,
            ["Status"] = i.Status.Code(),
        }), cancellationToken);

    public async Task<IReadOnlyList<Issuance>> ListAsync(PersonKey personKey, CancellationToken cancellationToken)
    {
        var list = new List<Issuance>();
        await foreach (var e in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {personKey.Value}"), cancellationToken: cancellationToken))
        {
            var row = new StoredRow(StorageNames.IssuancesTable, e);
            list.Add(new Issuance(row.Text("PassportNumber"), row.Date("IssuedOn"), row.Date("ExpiresOn"), row.Text("IssuingAuthority"), row.Code<DocumentStatus>("Status", DocumentStatuses.TryParse)));
        }

        return list;
    }
}
