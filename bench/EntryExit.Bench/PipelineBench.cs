using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EntryExit.DemoData;

namespace EntryExit.Bench;

/// <summary>Reports through the whole pipeline on the development host: request → queue → render, sign → blob → ready.</summary>
public static class PipelineBench
{
    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchStack stack, int reports)
    {
        var token = await stack.SignInAsync(DemoIdentities.SeparatorName, DemoIdentities.SeparatorIdNumber);
        var watch = Stopwatch.StartNew();
        var numbers = await Task.WhenAll(Enumerable.Range(0, reports).Select(async _ =>
        {
            using var request = Authorized(HttpMethod.Post, "/api/reports", token, new { kind = "records", range = "10y", delivery = "download" });
            using var response = await stack.Http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        }));
        var accepted = watch.Elapsed.TotalSeconds;

        var pending = new HashSet<string>(numbers);
        while (pending.Count > 0)
        {
            foreach (var number in pending.ToList())
            {
                using var response = await stack.Http.SendAsync(Authorized(HttpMethod.Get, $"/api/reports/{number}", token));
                var status = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
                if (status is "ready" or "failed")
                {
                    pending.Remove(number);
                }
            }

            await Task.Delay(20);
        }

        watch.Stop();
        return
        [
            new BenchResult($"POST /api/reports accepted ({reports} at once)", reports / accepted, "r/s", "-", true),
            new BenchResult($"reports through the whole pipeline ({reports}, to ready)", reports / watch.Elapsed.TotalSeconds, "r/s", "-", true),
        ];
    }

    private static HttpRequestMessage Authorized(HttpMethod method, string path, string token, object? json = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = json is null ? null : JsonContent.Create(json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
