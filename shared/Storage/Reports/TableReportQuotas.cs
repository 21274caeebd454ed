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
        return await TableRows.FindAsync(_table, personKey.Value, "", e =>
        {
            var row = new StoredRow(StorageNames.ReportQuotasTable, e);
            return new DailyReportCount(row.Date("Day"), row.OptionalInt32("Count") ?? throw row.Unreadable("Count"), e.ETag.ToString());
        }, cancellationToken);
    }

    public async Task<bool> TrySaveAsync(PersonKey personKey, DailyReportCount count, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(personKey.Value, "")
        {
            ["Day"] = count.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Count"] = count.Count,
        };
        return await ConditionalWrites.TrySaveAsync(_table, entity, count.Version, cancellationToken);
    }
}
