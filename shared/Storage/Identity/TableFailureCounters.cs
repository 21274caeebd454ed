using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using EntryExit.Core.Identity;

namespace EntryExit.Storage.Identity;

/// <summary>Failure counters: partition = subject (<c>id:</c> + PersonKey, or <c>client:</c> + hashed address).</summary>
public sealed class TableFailureCounters(StorageClients clients) : IFailureCounters
{
    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.FailureCountersTable);

    public async Task<FailureWindow?> FindAsync(string subject, CancellationToken cancellationToken)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(subject, "", cancellationToken: cancellationToken);
        if (!found.HasValue || found.Value is not { } e)
        {
            return null;
        }

        var failures = JsonSerializer.Deserialize<long[]>(e.GetString("Failures") ?? "[]") ?? [];
        return new FailureWindow([.. failures.Select(DateTimeOffset.FromUnixTimeMilliseconds)], e.GetDateTimeOffset("LockedUntil"), e.ETag.ToString());
    }

    public async Task<bool> TrySaveAsync(string subject, FailureWindow window, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(subject, "")
        {
            ["Failures"] = JsonSerializer.Serialize(window.Failures.Select(f => f.ToUnixTimeMilliseconds())),
            ["LockedUntil"] = window.LockedUntil,
        };
        try
        {
            if (window.Version is null)
            {
                await _table.AddEntityAsync(entity, cancellationToken);
            }
            else
            {
                await _table.UpdateEntityAsync(entity, new ETag(window.Version), TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }
}
