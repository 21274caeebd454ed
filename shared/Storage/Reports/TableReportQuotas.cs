using Azure;
using Azure.Data.Tables;
using EntryExit.Core.Identity;
using EntryExit.Core.Reports;

namespace EntryExit.Storage.Reports;

/// <summary>Report quotas: partition = PersonKey, one row per person holding today's China date and count.</summary>
public sealed class TableReportQuotas(StorageClients clients) : IReportQuotaStore
{
    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.ReportQuotasTable);

    public async Task<DailyReportCount?> FindAsync(PersonKey person, CancellationToken cancellationToken)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(person.Value, "", cancellationToken: cancellationToken);
        if (!found.HasValue || found.Value is not { } e)
        {
            return null;
        }

        // A day that cannot be read counts as an earlier day: the count starts again.
        var day = DateOnly.TryParseExact(e.GetString("Day"), "yyyy-MM-dd", out var parsed) ? parsed : DateOnly.MinValue;
        return new DailyReportCount(day, e.GetInt32("Count") ?? 0, e.ETag.ToString());
    }

    public async Task<bool> TrySaveAsync(PersonKey person, DailyReportCount count, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(person.Value, "")
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
