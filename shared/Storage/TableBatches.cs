using Azure.Data.Tables;

namespace EntryExit.Storage;

/// <summary>Entity group transactions: at most 100 entities of one partition, no key twice.</summary>
internal static class TableBatches
{
    public const int MaxActions = 100;
    private const int Parallelism = 8;

    public static async Task UpsertAsync(TableClient table, IEnumerable<ITableEntity> entities, CancellationToken cancellationToken)
    {
        // A transaction refuses a key twice: the last line of an import wins, as a second upsert would.
        var chunks = entities
            .GroupBy(e => e.PartitionKey)
            .SelectMany(partition => partition.GroupBy(e => e.RowKey).Select(g => g.Last()).Chunk(MaxActions));

        await SubmitAsync(table, chunks, e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e), cancellationToken);
    }

    /// <summary>Deletes every row of one partition, a transaction per hundred rows.</summary>
    /// <returns>How many rows were deleted.</returns>
    public static async Task<int> DeletePartitionAsync(TableClient table, string partitionKey, CancellationToken cancellationToken)
    {
        var keys = new List<ITableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            keys.Add(row);
        }

        await SubmitAsync(table, keys.Chunk(MaxActions), e => new TableTransactionAction(TableTransactionActionType.Delete, e, Azure.ETag.All), cancellationToken);
        return keys.Count;
    }

    /// <summary>One transaction a chunk; transactions on distinct rows do not conflict, even within one partition, so several go at once.</summary>
    private static Task SubmitAsync(TableClient table, IEnumerable<ITableEntity[]> chunks, Func<ITableEntity, TableTransactionAction> action, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (chunk, ct) =>
            await table.SubmitTransactionAsync(chunk.Select(action), ct));
}
