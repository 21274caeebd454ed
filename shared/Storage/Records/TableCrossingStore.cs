using Azure.Data.Tables;
using EntryExit.Core.Identity;
using EntryExit.Core.Records;

namespace EntryExit.Storage.Records;

/// <summary>
/// Crossings: partition = PersonKey, row key = <see cref="CrossingKey"/> (newest first). Every query is one
/// partition and one contiguous key range.
/// </summary>
public sealed class TableCrossingStore(StorageClients clients) : ICrossingStore
{
    /// <summary>
    /// The fields a page is built from: the storage emulator and the SDK then neither write nor read the rest (the
    /// timestamp and its type annotation), which is a fifth of each row of a page.
    /// </summary>
    private static readonly string[] ReadFields = ["PartitionKey", "RowKey", "Direction", "At", "OffsetMinutes", "DocumentKind", "DocumentNumber", "Port", "FlightNumber"];

    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.CrossingsTable);

    public Task UpsertAsync(PersonKey personKey, IReadOnlyList<Crossing> crossings, CancellationToken cancellationToken) =>
        TableBatches.UpsertAsync(_table, crossings.Select(c => (ITableEntity)ToEntity(personKey, c)), cancellationToken);

    public async Task<CrossingPage> QueryAsync(
        PersonKey personKey,
        DateTimeOffset start,
        DateTimeOffset end,
        IReadOnlyCollection<DocumentRef> documents,
        int pageSize,
        string? afterRowKey,
        CancellationToken cancellationToken)
    {
        var (lower, upper) = CrossingKey.Range(start, end);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {personKey.Value} and RowKey ge {lower} and RowKey lt {upper}");
        if (afterRowKey is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey gt {afterRowKey}");
        }

        if (documents.Count > 0)
        {
            filter += " and (" + string.Join(" or ", documents.Select(d =>
                TableClient.CreateQueryFilter($"(DocumentKind eq {d.Kind.Code()} and DocumentNumber eq {d.Number})"))) + ")";
        }
        else
        {
            // All documents means all that are served online: never crossings on official passports or seaman's books.
            filter += " and " + string.Join(" and ", Enum.GetValues<DocumentKind>().Where(k => !k.IsServedOnline())
                .Select(k => TableClient.CreateQueryFilter($"DocumentKind ne {k.Code()}")));
        }

        // One more than asked tells whether another page follows without a second round trip.
        var page = new List<Crossing>(pageSize);
        string? lastRowKey = null;
        var more = false;
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(pageSize + 1, 1000), select: ReadFields, cancellationToken: cancellationToken))
        {
            if (page.Count == pageSize)
            {
                more = true;
                break;
            }

            page.Add(FromEntity(entity));
            lastRowKey = entity.RowKey;
        }

        return new CrossingPage(page, more ? lastRowKey : null);
    }

    private static TableEntity ToEntity(PersonKey personKey, Crossing c) => new(personKey.Value, CrossingKey.RowKey(c))
    {
        ["Direction"] = c.Direction.Code(),
        ["At"] = c.At.UtcDateTime,
        ["OffsetMinutes"] = (int)c.At.Offset.TotalMinutes,
        ["DocumentKind"] = c.DocumentKind.Code(),
        ["DocumentNumber"] = c.DocumentNumber,
        ["Port"] = c.Port,
        ["FlightNumber"] = c.FlightNumber,
    };

    private static Crossing FromEntity(TableEntity e)
    {
        var row = new StoredRow(StorageNames.CrossingsTable, e);
        // Rows from before offsets were kept are China time; a UTC offset is within ±14 h.
        var offsetMinutes = row.OptionalInt32("OffsetMinutes") ?? 480;
        var at = Math.Abs(offsetMinutes) <= 14 * 60 ? row.Time("At").ToOffset(TimeSpan.FromMinutes(offsetMinutes)) : throw row.Unreadable("OffsetMinutes");
        return new Crossing(
            row.Code<Direction>("Direction", Directions.TryParse),
            at,
            row.Code<DocumentKind>("DocumentKind", DocumentKinds.TryParse),
            row.Text("DocumentNumber"),
            row.Text("Port"),
            row.OptionalText("FlightNumber") ?? "");
    }
}
