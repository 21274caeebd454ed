using Azure;
using Azure.Data.Tables;

namespace EntryExit.Storage;

/// <summary>Optimistic concurrency on Table storage: every stage and counter writes only against the version it read.</summary>
internal static class ConditionalWrites
{
    /// <summary>Replaces the entity if it is still at <paramref name="version"/>.</summary>
    /// <returns>The new version, or null when someone else wrote first (or deleted it).</returns>
    public static async Task<string?> TryReplaceAsync(TableClient table, ITableEntity entity, string version, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.UpdateEntityAsync(entity, new ETag(version), TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag?.ToString() ?? "";
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return null;
        }
    }

    /// <summary>Inserts the entity unless its row exists.</summary>
    /// <returns>The new version, or null when the row was there already (written by another caller first).</returns>
    public static async Task<string?> TryAddAsync(TableClient table, ITableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.AddEntityAsync(entity, cancellationToken);
            return response.Headers.ETag?.ToString() ?? "";
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return null;
        }
    }

    /// <summary>
    /// Writes a row read at <paramref name="version"/> (null: read as absent, so inserted); false when someone else wrote
    /// it first, and the caller reads again.
    /// </summary>
    public static async Task<bool> TrySaveAsync(TableClient table, ITableEntity entity, string? version, CancellationToken cancellationToken) =>
        (version is null ? await TryAddAsync(table, entity, cancellationToken) : await TryReplaceAsync(table, entity, version, cancellationToken)) is not null;
}
