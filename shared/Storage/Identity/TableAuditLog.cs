using System.Globalization;
using Azure.Data.Tables;
using EntryExit.Core.Identity;
using EntryExit.Core.Time;

namespace EntryExit.Storage.Identity;

/// <summary>
/// The audit trail: partition = China date + one of 16 shards (so a busy day spreads over partitions),
/// row key = inverted ticks + a random suffix (newest first, never a clash).
/// </summary>
public sealed class TableAuditLog(StorageClients clients) : IAuditLog
{
    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.AuditTable);

    public Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var shard = Random.Shared.Next(16).ToString("x", CultureInfo.InvariantCulture);
        var partition = string.Create(CultureInfo.InvariantCulture, $"{ChinaTime.DateOf(entry.At):yyyyMMdd}-{shard}");
        var row = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - entry.At.UtcTicks:D19}-{Guid.NewGuid():N}");
        return _table.AddEntityAsync(
            new TableEntity(partition, row)
            {
                ["At"] = entry.At,
                ["Action"] = entry.Action,
                ["Outcome"] = entry.Outcome,
                ["Person"] = entry.PersonKey?.Value,
                ["ClientNetwork"] = entry.ClientNetwork,
                ["Subject"] = entry.Subject,
            },
            cancellationToken);
    }
}
