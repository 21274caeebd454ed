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
}
