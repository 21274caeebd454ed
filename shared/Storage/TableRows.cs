using System.Runtime.CompilerServices;
using Azure.Data.Tables;

namespace EntryExit.Storage;

/// <summary>Rows read into domain records, as every store reads them: a row that is not there is null, not a 404.</summary>
internal static class TableRows
{
    /// <summary>The row at <paramref name="partitionKey"/>/<paramref name="rowKey"/>, read; null when there is none.</summary>
    public static async Task<T?> FindAsync<T>(TableClient table, string partitionKey, string rowKey, Func<TableEntity, T> read, CancellationToken cancellationToken)
        where T : class
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return found.HasValue && found.Value is { } entity ? read(entity) : null;
    }

    /// <summary>Every row the filter selects, read one by one as the pages arrive.</summary>
    public static async IAsyncEnumerable<T> QueryAsync<T>(TableClient table, string filter, Func<TableEntity, T> read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return read(entity);
        }
    }
}
