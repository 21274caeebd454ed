using Azure.Data.Tables;

namespace EntryExit.Storage;

/// <summary>Entity group transactions: at most 100 entities of one partition, no key twice.</summary>
internal static class TableBatches
{
    public const int MaxActions = 100;

    public static async Task UpsertAsync(TableClient table, IEnumerable<ITableEntity> entities, CancellationToken cancellationToken)
    {
        foreach (var partition in entities.GroupBy(e => e.PartitionKey))
        {
            // A transaction refuses a key twice: the last line of an import wins, as a second upsert would.
            var unique = partition.GroupBy(e => e.RowKey).Select(g => g.Last());
            foreach (var chunk in unique.Chunk(MaxActions))
            {
                var actions = chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e));
                await table.SubmitTransactionAsync(actions, cancellationToken);
            }
        }
    }
}
