using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EntryExit.DemoData;

namespace EntryExit.Bench;

/// <summary>Issue 4's figures: import throughput, and the commuter's 10-year query (first page, all pages).</summary>
public static class QueryBench
{
    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchStack stack, int iterations)
    {
        var results = new List<BenchResult>();
        var ndjson = Encoding.UTF8.GetBytes(DemoPopulation.ToNdjson(DemoPopulation.Generate(20261125, DemoPopulation.ChinaToday(TimeProvider.System))));

        // The import code's first run in a process is mostly JIT; a small import of someone outside the demo
        // population runs it once, and that person is purged again, so the figures below are the import's own.
        var warmUp = Stopwatch.StartNew();
        var (warmUpLines, warmUpIdNumber) = WarmUpPopulation(DemoPopulation.ChinaToday(TimeProvider.System));
        await stack.ImportAsync(warmUpLines);
        Console.WriteLine($"warm-up import (first run of the import code in this process): {warmUp.Elapsed.TotalMilliseconds:0} ms");
        await stack.PurgeAsync(warmUpIdNumber);

        var cpu = CpuTime.Now();
        var watch = Stopwatch.StartNew();
        var import = await stack.ImportAsync(ndjson);
        watch.Stop();
        var accepted = import.GetProperty("accepted").GetInt64();
        var perSecond = accepted / watch.Elapsed.TotalSeconds;
        Console.WriteLine($"import: {accepted} records ({ndjson.Length / 1024} KiB) in {watch.Elapsed.TotalMilliseconds:0} ms, upload to completion; {CpuTime.Now() - cpu}");
        results.Add(new BenchResult($"import into Azurite ({accepted} records, first time)", perSecond, "r/s", ">= 5000 r/s", perSecond >= 5000));

        cpu = CpuTime.Now();
        watch.Restart();
        await stack.ImportAsync(ndjson);
        watch.Stop();
        Console.WriteLine($"import again: {watch.Elapsed.TotalMilliseconds:0} ms; {CpuTime.Now() - cpu}");
        results.Add(new BenchResult("import again (idempotent upserts)", accepted / watch.Elapsed.TotalSeconds, "r/s", ">= 5000 r/s", accepted / watch.Elapsed.TotalSeconds >= 5000));

        results.AddRange(await AzuriteCeilingBench.RunAsync(stack.StorageConnectionString, accepted));

        var token = await stack.SignInAsync(DemoIdentities.CommuterName, DemoIdentities.CommuterIdNumber);
        var firstPage = new List<double>();
        var allPages = new List<double>();
        var records = 0;
        var queryCpu = TimeSpan.Zero;
        var queryAzuriteCpu = TimeSpan.Zero;
        for (var i = 0; i < iterations + 3; i++)
        {
            watch.Restart();
            await QueryAsync(stack, token, 100, firstPageOnly: true);
            var first = watch.Elapsed.TotalMilliseconds;
            cpu = CpuTime.Now();
            watch.Restart();
            records = await QueryAsync(stack, token, 500, firstPageOnly: false);
            var all = watch.Elapsed.TotalMilliseconds;
            var spent = CpuTime.Now() - cpu;
            if (i >= 3)
            {
                firstPage.Add(first);
                allPages.Add(all);
                queryCpu += spent.Self;
                queryAzuriteCpu += spent.Children;
            }
        }

        Console.WriteLine($"query, all pages: {records} records; CPU a run (mean): bench + host {queryCpu.TotalMilliseconds / iterations:0} ms, Azurite {queryAzuriteCpu.TotalMilliseconds / iterations:0} ms");
        var firstMedian = BenchResult.Median(firstPage);
        var allMedian = BenchResult.Median(allPages);
        results.Add(new BenchResult("10-year query, first page of 100 (median, HTTP)", firstMedian, "ms", "<= 50 ms", firstMedian <= 50));
        results.Add(new BenchResult($"10-year query, all {records} records in pages of 500 (median)", allMedian, "ms", "<= 500 ms", allMedian <= 500));
        return results;
    }

    /// <summary>One person outside the demo population (a sequence no demo person has), a document and 500 crossings.</summary>
    private static (byte[] Ndjson, string IdNumber) WarmUpPopulation(DateOnly today)
    {
        var birthDate = new DateOnly(1970, 1, 1);
        var idNumber = DemoPopulation.IdNumberFor("110105", birthDate, 998);
        var start = new DateTimeOffset(today.AddYears(-2).ToDateTime(TimeOnly.MinValue), DemoPopulation.ChinaOffset);
        List<ImportLine> lines =
        [
            new PersonLine(idNumber, "预热", "F", birthDate, "mainland"),
            new DocumentLine(idNumber, "hk_macau_permit", "C99999998", "valid", today.AddYears(-3), today.AddYears(7), "公安部出入境管理局", "广东"),
            .. Enumerable.Range(0, 500).Select(i => new CrossingLine(idNumber, "hk_macau_permit", "C99999998", i % 2 == 0 ? "exit" : "entry", start.AddHours(i * 7), "福田", "")),
        ];
        return (Encoding.UTF8.GetBytes(DemoPopulation.ToNdjson(lines)), idNumber);
    }

    private static async Task<int> QueryAsync(BenchStack stack, string token, int pageSize, bool firstPageOnly)
    {
        var count = 0;
        string? continuation = null;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/records/query")
            {
                Content = JsonContent.Create(new { range = "10y", pageSize, continuationToken = continuation }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await stack.Http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
            count += body.RootElement.GetProperty("records").GetArrayLength();
            continuation = body.RootElement.GetProperty("continuationToken").GetString();
        }
        while (continuation is not null && !firstPageOnly);

        return count;
    }
}
