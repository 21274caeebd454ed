using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EntryExit.Core.Identity;
using EntryExit.DemoData;
using EntryExit.TestSupport;

namespace EntryExit.Bench;

/// <summary>
/// What a citizen waits through when Flex Consumption scales out: a fresh development host process, from the moment it
/// is started until the first e-file it renders is ready (request → queue → render, sign → blob → ready), beside the
/// same request once that process is warm. Each run is a new process on the same Azurite; the figure is the median.
/// </summary>
public static class ColdStartBench
{
    private static readonly object Report = new { kind = "records", range = "1y", delivery = "download" };

    /// <param name="hostDll">The development host to start: the Release build, or a ReadyToRun publish of it.</param>
    public static async Task<IReadOnlyList<BenchResult>> RunAsync(string hostDll, string label, int runs)
    {
        await using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        using var process = await DevHostProcess.CreateAsync(hostDll, azurite.ConnectionString, new Dictionary<string, string>
        {
            // The render queue is polled at most 100 ms apart (the host's shortest), as the other benches do: the app starts
            // polling before the report is requested, and host.json's 2 s idle back-off would be timed instead of the
            // start. On Flex Consumption a queue function scales on its own and a new instance starts because messages
            // are waiting, so its first poll finds them. (The DevHost__QueuePolling… settings this replaces had been
            // ignored since the development host reads host.json.)
            ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.100",
            ["Email__SenderAddress"] = "cold-start@entry-exit.test",
        });
        using var http = new HttpClient { BaseAddress = process.Address, Timeout = TimeSpan.FromMinutes(5) };

        // Not measured: the first process imports the demo population and creates the development issuer.
        string token;
        await using (var first = await process.StartAsync(http.Timeout))
        {
            await ImportAsync(http, first);
            token = await DevHostApi.SignInAsync(http, DemoIdentities.SeparatorName, DemoIdentities.SeparatorIdNumber, SyntheticFaces.Png(DemoIdentities.SeparatorIdNumber));
            await EFileReadyAsync(http, first, token);
        }

        var cold = new List<double>();
        var warm = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var started = Stopwatch.StartNew();
            await using var host = process.Start();
            await EFileReadyAsync(http, host, token);
            cold.Add(started.Elapsed.TotalMilliseconds);

            var again = Stopwatch.StartNew();
            await EFileReadyAsync(http, host, token);
            warm.Add(again.Elapsed.TotalMilliseconds);
        }

        return
        [
            new BenchResult($"cold start: process start → first e-file ready ({label}, median of {runs})", BenchResult.Median(cold), "ms", "≤ 1500 ms", BenchResult.Median(cold) <= 1500),
            new BenchResult($"warm: request → e-file ready (same process, median of {runs})", BenchResult.Median(warm), "ms", "-", true),
        ];
    }

    /// <summary>Requests an e-file as soon as the host accepts connections and waits until it is ready.</summary>
    private static async Task EFileReadyAsync(HttpClient http, ManagedProcess host, string token)
    {
        string? number = null;
        await UntilAsync(http, host, async () =>
        {
            using var response = await http.SendAsync(Authorized(HttpMethod.Post, "/api/reports", token, Report));
            number = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString();
            return response.IsSuccessStatusCode;
        });
        await UntilAsync(http, host, async () =>
        {
            using var response = await http.SendAsync(Authorized(HttpMethod.Get, $"/api/reports/{number}", token));
            var status = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
            return status == "failed" ? throw new InvalidOperationException($"Report {number} failed. Host output:\n{host.Output}") : status == "ready";
        });
    }

    /// <summary>Tries until true, retrying while the process is not listening yet (bounded: five minutes).</summary>
    private static async Task UntilAsync(HttpClient http, ManagedProcess host, Func<Task<bool>> attempt)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await attempt())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > http.Timeout)
            {
                throw new TimeoutException($"The development host did not get there in time. Its output:\n{host.Output}");
            }

            await Task.Delay(5);
        }
    }

    private static async Task ImportAsync(HttpClient http, ManagedProcess host)
    {
        var ndjson = DemoPopulation.ToNdjson(DemoPopulation.Generate(DemoPopulation.DefaultSeed, DemoPopulation.ChinaToday(TimeProvider.System)));
        var importId = await DevHostApi.StartImportAsync(http, new StringContent(ndjson));
        await UntilAsync(http, host, async () => await DevHostApi.ImportOutcomeAsync(http, importId) is "completed");
    }

    private static HttpRequestMessage Authorized(HttpMethod method, string path, string token, object? json = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = json is null ? null : JsonContent.Create(json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
