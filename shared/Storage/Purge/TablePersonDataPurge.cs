using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using EntryExit.Core.Identity;
using EntryExit.Core.Purge;
using EntryExit.Core.Reports;
using EntryExit.Core.Security;

namespace EntryExit.Storage.Purge;

/// <summary>
/// Deletes what the tables keep under one person key (README's storage table): the People row, the person's partitions
/// of Documents, Crossings, Issuances and IdempotencyKeys, the DocumentIndex entries of their documents, their
/// ReportQuotas row and FailureCounters <c>id:</c> row, their Verifications rows (a scan, as for Reports: purges are
/// rare), and their Reports rows. Audit rows and RevokedSessions stay: they hold no personal data.
/// </summary>
public sealed class TablePersonDataPurge(StorageClients clients, IPersonKeys personKeys) : IPersonDataPurge
{
    private readonly TableClient _people = Table(clients, StorageNames.PeopleTable);
    private readonly TableClient _documents = Table(clients, StorageNames.DocumentsTable);
    private readonly TableClient _documentIndex = Table(clients, StorageNames.DocumentIndexTable);
    private readonly TableClient _reports = Table(clients, StorageNames.ReportsTable);

    private readonly TableClient[] _partitionsByPerson =
    [
        Table(clients, StorageNames.CrossingsTable),
        Table(clients, StorageNames.IssuancesTable),
        Table(clients, StorageNames.IdempotencyKeysTable),
        Table(clients, StorageNames.ReportQuotasTable),
    ];

    private readonly TableClient _failureCounters = Table(clients, StorageNames.FailureCountersTable);
    private readonly TableClient _verifications = Table(clients, StorageNames.VerificationsTable);

    public IAsyncEnumerable<string> VerificationsOfAsync(PersonKey personKey, CancellationToken cancellationToken) =>
        PartitionsNamingAsync(_verifications, "Person", personKey, cancellationToken);

    public async IAsyncEnumerable<ReportNumber> ReportsOfAsync(PersonKey personKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var partition in PartitionsNamingAsync(_reports, "Owner", personKey, cancellationToken))
        {
            if (ReportNumber.TryParse(partition, out var number))
            {
                yield return number;
            }
        }
    }

    /// <summary>The partition keys of the rows whose <paramref name="column"/> holds the person key (a scan: purges are rare).</summary>
    private static async IAsyncEnumerable<string> PartitionsNamingAsync(TableClient table, string column, PersonKey personKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = column + " eq " + TableClient.CreateQueryFilter($"{personKey.Value}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            yield return row.PartitionKey;
        }
    }

    public async Task<PurgedData> DeleteRowsAsync(PersonKey personKey, CancellationToken cancellationToken)
    {
        // The person row first: from then on nobody can verify as them, whatever is left to delete.
        var found = await DeleteIfExistsAsync(_people, personKey.Value, "person", cancellationToken);

        // An index entry names the owner; only entries that still point at this person are theirs to delete.
        var rows = 0;
        await foreach (var document in _documents.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {personKey.Value}"), select: ["RowKey", "Number"], cancellationToken: cancellationToken))
        {
            if (document.GetString("Number") is { } number && document.RowKey.StartsWith("D_", StringComparison.Ordinal))
            {
                var key = personKeys.KeyOfDocument(number);
                var entry = await _documentIndex.GetEntityIfExistsAsync<TableEntity>(key, "", cancellationToken: cancellationToken);
                if (entry.HasValue && entry.Value?.GetString("Person") == personKey.Value)
                {
                    await DeleteIfExistsAsync(_documentIndex, key, "", cancellationToken);
                }
            }
        }

        rows += await TableBatches.DeletePartitionAsync(_documents, personKey.Value, cancellationToken);
        foreach (var table in _partitionsByPerson)
        {
            rows += await TableBatches.DeletePartitionAsync(table, personKey.Value, cancellationToken);
        }

        rows += await DeleteIfExistsAsync(_failureCounters, "id:" + personKey.Value, "", cancellationToken) ? 1 : 0;
        await foreach (var verificationId in VerificationsOfAsync(personKey, cancellationToken))
        {
            rows += await DeleteIfExistsAsync(_verifications, verificationId, "", cancellationToken) ? 1 : 0;
        }

        var reports = 0;
        await foreach (var number in ReportsOfAsync(personKey, cancellationToken))
        {
            reports += await DeleteIfExistsAsync(_reports, number.Value, "", cancellationToken) ? 1 : 0;
        }

        return new PurgedData(found, rows, reports);
    }

    private static TableClient Table(StorageClients clients, string name) => clients.Tables.GetTableClient(name);

    private static async Task<bool> DeleteIfExistsAsync(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var response = await table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
        return response.Status != 404;
    }
}
