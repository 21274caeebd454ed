using System.Text.Json;
using Azure.Data.Tables;
using EntryExit.Core.Import;

namespace EntryExit.Storage.Import;

/// <summary>Imports: partition = import id. Checkpoints are conditional on the ETag the runner read.</summary>
public sealed class TableImportStore(StorageClients clients) : IImportStore
{
    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.ImportsTable);

    public Task CreateAsync(ImportStatus status, CancellationToken cancellationToken) =>
        _table.AddEntityAsync(ToEntity(status), cancellationToken);

    public async Task<ImportStatus?> FindAsync(string importId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsSafeId(importId))
        {
            return null;
        }

        return await TableRows.FindAsync(_table, importId, "", FromEntity, cancellationToken);
    }

    public async Task<ImportStatus?> TryUpdateAsync(ImportStatus status, CancellationToken cancellationToken)
    {
        var version = await ConditionalWrites.TryReplaceAsync(_table, ToEntity(status), status.Version!, cancellationToken);
        return version is null ? null : status with { Version = version };
    }

    // A running import checkpoints every few thousand lines, so its Timestamp moves while it makes progress.
    public IAsyncEnumerable<ImportStatus> ListStuckAsync(DateTimeOffset changedBefore, CancellationToken cancellationToken) =>
        TableRows.QueryAsync(_table, TableClient.CreateQueryFilter(
            $"Timestamp lt {changedBefore} and (Status eq {ImportState.Queued.Code()} or Status eq {ImportState.Running.Code()})"), FromEntity, cancellationToken);

    private static TableEntity ToEntity(ImportStatus status) => new(status.ImportId, "")
    {
        ["Status"] = status.Status.Code(),
        ["LinesRead"] = status.LinesRead,
        ["Accepted"] = status.Accepted,
        ["Rejected"] = status.Rejected,
        ["Errors"] = JsonSerializer.Serialize(status.Errors.Select(e => new object[] { e.Line, e.Code })),
        ["CreatedAt"] = status.CreatedAt,
        ["ClaimedAt"] = status.ClaimedAt,
        ["Attempts"] = status.Attempts,
    };

    private static ImportStatus FromEntity(TableEntity e)
    {
        var row = new StoredRow(StorageNames.ImportsTable, e);
        return new ImportStatus(e.PartitionKey, row.Code<ImportState>("Status", ImportStates.TryParse), row.OptionalInt64("LinesRead") ?? 0, row.OptionalInt64("Accepted") ?? 0, row.OptionalInt64("Rejected") ?? 0,
            [.. row.Json<JsonElement[][]>("Errors", []).Select(x => x is [{ ValueKind: JsonValueKind.Number } line, { ValueKind: JsonValueKind.String } code] && line.TryGetInt64(out var number)
                ? new ImportError(number, code.GetString()!)
                : throw row.Unreadable("Errors"))])
        {
            CreatedAt = row.OptionalTime("CreatedAt") ?? DateTimeOffset.MinValue,
            ClaimedAt = row.OptionalTime("ClaimedAt"),
            Attempts = row.OptionalInt32("Attempts") ?? 0,
            Version = e.ETag.ToString(),
        };
    }
}
