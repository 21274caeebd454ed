using Azure;
using Azure.Data.Tables;
using EntryExit.Core.Identity;
using EntryExit.Core.Reports;

namespace EntryExit.Storage.Reports;

/// <summary>Report quotas: partition = PersonKey, one row per person holding today's China date and count.</summary>
public sealed class TableReportQuotas(StorageClients clients) : IReportQuotaStore
{
    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.ReportQuotasTable);

    public async Task<DailyReportCount?> FindAsync(PersonKey personKey, CancellationToken cancellationToken)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(personKey.Value, "", cancellationToken: cancellationToken);
        if (!found.HasValue || found.Value is not { } e)
        {
            return null;
        }

        var row = new StoredRow(StorageNames.ReportQuotasTable, e);
        return new DailyReportCount(row.Date("Day"), e.GetInt32("Count") ?? throw row.Unreadable("Count"), e.ETag.ToString());
    }

    public async Task<bool> TrySaveAsync(PersonKey personKey, DailyReportCount count, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(personKey.Value, "")
        {
            ["Day"] = count.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Count"] = count.Count,
        };
        if (count.Version is not null)
        {
            return await ConditionalWrites.TryReplaceAsync(_table, entity, count.Version, cancellationToken) is not null;
        }

        try
        {
            await _table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }
}
