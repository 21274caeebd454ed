using System.Text.Json;
using Azure.Data.Tables;
using EntryExit.Core.Import;

namespace EntryExit.Storage.Import;

/// <summary>Imports: partition = import id.</summary>
public sealed class TableImportStore(StorageClients clients) : IImportStore
{
    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.ImportsTable);

    public Task SaveAsync(ImportStatus status, CancellationToken cancellationToken) =>
        _table.UpsertEntityAsync(new TableEntity(status.ImportId, "")
        {
            ["Status"] = status.Status,
            ["LinesRead"] = status.LinesRead,
            ["Accepted"] = status.Accepted,
            ["Rejected"] = status.Rejected,
            ["Errors"] = JsonSerializer.Serialize(status.Errors.Select(e => new object[] { e.Line, e.Code })),
        }, TableUpdateMode.Replace, cancellationToken);

    public async Task<ImportStatus?> FindAsync(string importId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(importId) || importId.Length > 64 || !importId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return null;
        }

        var found = await _table.GetEntityIfExistsAsync<TableEntity>(importId, "", cancellationToken: cancellationToken);
        if (!found.HasValue || found.Value is not { } e)
        {
            return null;
        }

        var errors = JsonSerializer.Deserialize<JsonElement[][]>(e.GetString("Errors") ?? "[]") ?? [];
        return new ImportStatus(importId, e.GetString("Status"), e.GetInt64("LinesRead") ?? 0, e.GetInt64("Accepted") ?? 0, e.GetInt64("Rejected") ?? 0,
            [.. errors.Select(x => new ImportError(x[0].GetInt64(), x[1].GetString() ?? ""))]);
    }
}
