using System.Diagnostics;
using Azure.Data.Tables;

namespace EntryExit.Bench;

/// <summary>
/// What Azurite itself can take, with no product code: rows shaped like crossings, upserted into one partition in
/// entity group transactions of 100, eight at a time, through the same SDK. The import can go no faster than this.
/// </summary>
public static class AzuriteCeilingBench
{
    public static async Task<IReadOnlyList<BenchResult>> RunAsync(string connectionString, long rows)
    {
        var table = new TableServiceClient(connectionString).GetTableClient("ceiling" + Guid.NewGuid().ToString("N")[..12]);
        await table.CreateIfNotExistsAsync();
        var start = new DateTime(2016, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        var entities = Enumerable.Range(0, (int)rows).Select(i => new TableEntity("ceiling-partition", (long.MaxValue - i).ToString("D19", System.Globalization.CultureInfo.InvariantCulture) + "_hk_macau_permit_C12345678_entry")
        {
            ["Direction"] = i % 2 == 0 ? "entry" : "exit",
            ["At"] = start.AddHours(i * 10),
            ["OffsetMinutes"] = 480,
            ["DocumentKind"] = "hk_macau_permit",
            ["DocumentNumber"] = "C12345678",
            ["Port"] = "福田",
            ["FlightNumber"] = "",
        }).ToList();

        var results = new List<BenchResult>();
        foreach (var round in new[] { "first time", "again" })
        {
            var cpu = CpuTime.Now();
            var watch = Stopwatch.StartNew();
            await Parallel.ForEachAsync(entities.Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (chunk, ct) =>
                await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), ct));
            watch.Stop();
            Console.WriteLine($"Azurite alone, {rows} rows in transactions of 100, {round}: {watch.Elapsed.TotalMilliseconds:0} ms; {CpuTime.Now() - cpu}");
            var perSecond = rows / watch.Elapsed.TotalSeconds;
            results.Add(new BenchResult($"Azurite alone: batch upserts, no product code ({round})", perSecond, "r/s", "- (ceiling)", true));
        }

        await table.DeleteAsync();
        return results;
    }
}
