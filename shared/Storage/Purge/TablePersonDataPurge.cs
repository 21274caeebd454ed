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

    public async IAsyncEnumerable<string> VerificationsOfAsync(PersonKey person, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in _verifications.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Person eq {person.Value}"), select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            yield return row.PartitionKey;
        }
    }

    public async IAsyncEnumerable<ReportNumber> ReportsOfAsync(PersonKey person, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in _reports.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Owner eq {person.Value}"), select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            if (ReportNumber.TryParse(row.PartitionKey, out var number))
            {
                yield return number;
            }
        }
    }

    public async Task<PurgedData> DeleteRowsAsync(PersonKey person, CancellationToken cancellationToken)
    {
        // The person row first: from then on nobody can verify as them, whatever is left to delete.
        var found = await DeleteIfExistsAsync(_people, person.Value, "person", cancellationToken);

        // An index entry names the owner; only entries that still point at this person are theirs to delete.
        var rows = 0;
        await foreach (var document in _documents.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {person.Value}"), select: ["RowKey", "Number"], cancellationToken: cancellationToken))
        {
            if (document.GetString("Number") is { } number && document.RowKey.StartsWith("D_", StringComparison.Ordinal))
            {
                var key = personKeys.KeyOfDocument(number);
                var entry = await _documentIndex.GetEntityIfExistsAsync<TableEntity>(key, "", cancellationToken: cancellationToken);
                if (entry.HasValue && entry.Value?.GetString("Person") == person.Value)
                {
                    await DeleteIfExistsAsync(_documentIndex, key, "", cancellationToken);
                }
            }
        }

        rows += await TableBatches.DeletePartitionAsync(_documents, person.Value, cancellationToken);
        foreach (var table in _partitionsByPerson)
        {
            rows += await TableBatches.DeletePartitionAsync(table, person.Value, cancellationToken);
        }

        rows += await DeleteIfExistsAsync(_failureCounters, "id:" + person.Value, "", cancellationToken) ? 1 : 0;
        await foreach (var verificationId in VerificationsOfAsync(person, cancellationToken))
        {
            rows += await DeleteIfExistsAsync(_verifications, verificationId, "", cancellationToken) ? 1 : 0;
        }

        var reports = 0;
        await foreach (var number in ReportsOfAsync(person, cancellationToken))
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
