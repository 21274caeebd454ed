using System.Text.Json;
using Azure.Data.Tables;
using EntryExit.Core.Identity;

namespace EntryExit.Storage.Identity;

/// <summary>Failure counters: partition = subject (<c>id:</c> + PersonKey, or <c>client:</c> + hashed address).</summary>
public sealed class TableFailureCounters(StorageClients clients) : IFailureCounters
{
    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.FailureCountersTable);

    public async Task<FailureWindow?> FindAsync(string subject, CancellationToken cancellationToken)
    {
        return await TableRows.FindAsync(_table, subject, "", e =>
        {
            var row = new StoredRow(StorageNames.FailureCountersTable, e);
            var failures = row.Json<long[]>("Failures", []);
            return new FailureWindow([.. failures.Select(DateTimeOffset.FromUnixTimeMilliseconds)], row.OptionalTime("LockedUntil"), e.ETag.ToString());
        }, cancellationToken);
    }

    public async Task<bool> TrySaveAsync(string subject, FailureWindow window, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(subject, "")
        {
            ["Failures"] = JsonSerializer.Serialize(window.Failures.Select(f => f.ToUnixTimeMilliseconds())),
            ["LockedUntil"] = window.LockedUntil,
        };
        return await ConditionalWrites.TrySaveAsync(_table, entity, window.Version, cancellationToken);
    }
}
