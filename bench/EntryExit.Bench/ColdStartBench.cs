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
    private const string FunctionKey = "cold-start-function-key";
    private const string LivenessKey = "cold-start-liveness-key";
    private static readonly object Report = new { kind = "records", range = "1y", delivery = "download" };

    /// <param name="hostDll">The development host to start: the Release build, or a ReadyToRun publish of it.</param>
    public static async Task<IReadOnlyList<BenchResult>> RunAsync(string hostDll, string label, int runs)
    {
        await using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        var settingsDirectory = Directory.CreateTempSubdirectory("cold-start-").FullName;
        try
        {
            var port = TcpForwarder.ReserveClosedPort();
            var settingsFile = Path.Combine(settingsDirectory, "local.settings.json");
            await File.WriteAllTextAsync(settingsFile, Settings(azurite.ConnectionString, port));
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(5) };

            // Not measured: the first process imports the demo population and creates the development issuer.
            string token;
            await using (var first = ManagedProcess.Start("development host", "dotnet", [hostDll, "--settings", settingsFile], Path.GetDirectoryName(hostDll)!))
            {
                await UntilAsync(http, first, async () => (await http.GetAsync("/api/health")).IsSuccessStatusCode);
                await ImportAsync(http, first);
                token = await SignInAsync(http);
                await EFileReadyAsync(http, first, token);
            }

            var cold = new List<double>();
            var warm = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                var started = Stopwatch.StartNew();
                await using var host = ManagedProcess.Start("development host", "dotnet", [hostDll, "--settings", settingsFile], Path.GetDirectoryName(hostDll)!);
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
        finally
        {
            Directory.Delete(settingsDirectory, recursive: true);
        }
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
        var ndjson = Encoding.UTF8.GetBytes(DemoPopulation.ToNdjson(DemoPopulation.Generate(DemoPopulation.DefaultSeed, DemoPopulation.ChinaToday(TimeProvider.System))));
        using var upload = new HttpRequestMessage(HttpMethod.Post, "/api/ops/imports") { Content = new ByteArrayContent(ndjson) };
        upload.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        upload.Headers.Add("x-functions-key", FunctionKey);
        using var started = await http.SendAsync(upload);
        started.EnsureSuccessStatusCode();
        var importId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("importId").GetString();
        await UntilAsync(http, host, async () =>
        {
            using var poll = new HttpRequestMessage(HttpMethod.Get, $"/api/ops/imports/{importId}");
            poll.Headers.Add("x-functions-key", FunctionKey);
            using var status = await http.SendAsync(poll);
            return (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString() is "completed";
        });
    }

    private static async Task<string> SignInAsync(HttpClient http)
    {
        using var started = await http.PostAsJsonAsync("/api/identity/verifications", new { name = DemoIdentities.SeparatorName, idNumber = DemoIdentities.SeparatorIdNumber });
        started.EnsureSuccessStatusCode();
        var body = await started.Content.ReadFromJsonAsync<JsonElement>();
        using var completed = await http.PostAsJsonAsync(
            $"/api/identity/verifications/{body.GetProperty("verificationId").GetString()}/liveness",
            new { result = DevelopmentLivenessProvider.Answer(LivenessKey, body.GetProperty("liveness").GetProperty("challenge").GetString()!, DevelopmentLivenessProvider.FaceDigest(SyntheticFaces.Png(DemoIdentities.SeparatorIdNumber))) });
        completed.EnsureSuccessStatusCode();
        return (await completed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private static string Settings(string storage, int port) => JsonSerializer.Serialize(new
    {
        IsEncrypted = false,
        Values = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = storage,
            ["DevHost__Urls"] = $"http://127.0.0.1:{port}",
            ["DevHost__FunctionKey"] = FunctionKey,
            // The render queue is polled at most 100 ms apart (the host's shortest), as the other benches do: the app starts
            // polling before the report is requested, and host.json's 2 s idle back-off would be timed instead of the
            // start. On Flex Consumption a queue function scales on its own and a new instance starts because messages
            // are waiting, so its first poll finds them. (The DevHost__QueuePolling… settings this replaces had been
            // ignored since the development host reads host.json.)
            ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.100",
            ["Security__PersonKeySecret"] = Convert.ToBase64String(Enumerable.Repeat((byte)4, 32).ToArray()),
            ["Security__DataProtectionKey"] = Convert.ToBase64String(Enumerable.Repeat((byte)5, 32).ToArray()),
            ["Security__TokenSigningKey"] = Convert.ToBase64String(Enumerable.Repeat((byte)6, 32).ToArray()),
            ["Security__TokenKeyId"] = "cold",
            ["Liveness__Provider"] = "development",
            ["Liveness__DevelopmentKey"] = LivenessKey,
            // Build machines may be containers that set CONTAINER_NAME, one of the variables by which the development
            // face provider recognises Azure; this is no Azure.
            ["Liveness__AllowDevelopmentInAzure"] = "true",
            ["Email__Provider"] = "smtp",
            ["Email__SenderAddress"] = "cold-start@entry-exit.test",
            ["Logging__LogLevel__Default"] = "Warning",
        },
    });

    private static HttpRequestMessage Authorized(HttpMethod method, string path, string token, object? json = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = json is null ? null : JsonContent.Create(json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
