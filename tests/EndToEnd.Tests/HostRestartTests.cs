using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EntryExit.DemoData;
using EntryExit.TestSupport;

namespace EntryExit.EndToEnd.Tests;

/// <summary>
/// The development host as a process of its own, killed (SIGKILL, no shutdown) while it renders a report, then
/// started again: the report completes. Its own Azurite, so no other host takes the message.
/// </summary>
public sealed class HostRestartTests : IAsyncLifetime
{
    private static readonly TimeSpan ImportPatience = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan StagePatience = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan HostPatience = TimeSpan.FromSeconds(60);
    private readonly AzuriteFixture _azurite = new();
    private DevHostProcess _process = null!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        var dll = Path.Combine(RepositoryRoot.Path, "functions", "DevHost", "bin", "Debug", "net10.0", "EntryExit.DevHost.dll");
        File.Exists(dll).Should().BeTrue($"the development host is built ({dll}); ./dev test builds it");
        _process = await DevHostProcess.CreateAsync(dll, _azurite.ConnectionString, new Dictionary<string, string>
        {
            ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.200",
            ["DevHost__QueueMessageLeaseSeconds"] = "2",
            ["Email__SenderAddress"] = "restart@entry-exit.test",
            ["Reports__StageLeaseSeconds"] = "3",
            // Its output is in the failure messages: all of it, not warnings only.
            ["Logging__LogLevel__Default"] = "Information",
        });
    }

    public async Task DisposeAsync()
    {
        await _azurite.DisposeAsync();
        _process?.Dispose();
    }

    [Fact]
    public async Task A_host_killed_mid_render_and_started_again_completes_the_report()
    {
        using var http = new HttpClient(new Contract.ContractCheckingHandler(Contract.OpenApiContract.Current)) { BaseAddress = _process.Address, Timeout = TimeSpan.FromMinutes(2) };
        string number, token;
        var first = await _process.StartAsync(HostPatience);
        try
        {
            // Only the commuter's lines (person, documents, ~7,300 crossings): the test needs nobody else.
            var commuter = DemoPopulation.Generate(20261125, DemoPopulation.ChinaToday(TimeProvider.System))
                .Where(line => line.ToJson().Contains(DemoIdentities.CommuterIdNumber, StringComparison.Ordinal));
            var importId = await DevHostApi.StartImportAsync(http, new StringContent(DemoPopulation.ToNdjson(commuter)));

            // The condition this test owns is its import's outcome, not a sign-in that happens to work in time; the bound
            // is for a 2-core machine shared with other builds (a quiet one takes about a second).
            var outcome = await Eventually.UntilAsync(() => DevHostApi.ImportOutcomeAsync(http, importId), ImportPatience, because: $"import {importId} should finish");
            outcome.Should().Be("completed");
            token = await DevHostApi.SignInAsync(http, DemoIdentities.CommuterName, DemoIdentities.CommuterIdNumber, SyntheticFaces.Png(DemoIdentities.CommuterIdNumber));

            // The commuter's ten years: a render of ~170 pages, long enough to be caught in the act.
            using var requested = await http.SendAsync(Authorized(HttpMethod.Post, "/api/reports", token, new { kind = "records", range = "10y", delivery = "download" }));
            number = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
            await Eventually.UntilAsync(async () => await StatusAsync(http, token, number) == "rendering", StagePatience, TimeSpan.FromMilliseconds(2), because: "the host should start rendering");
        }
        finally
        {
            await first.DisposeAsync();
        }

        (await ReportStatusInStorageAsync(number)).Should().Be("rendering", "the host died before it finished");

        var second = await _process.StartAsync(HostPatience);
        try
        {
            await Eventually.UntilAsync(async () => await StatusAsync(http, token, number) == "ready", StagePatience, because: "the restarted host should finish the report");
            using var report = await http.SendAsync(Authorized(HttpMethod.Get, $"/api/reports/{number}", token));
            var body = await report.Content.ReadFromJsonAsync<JsonElement>();
            body.GetProperty("pages").GetInt32().Should().BeGreaterThan(100);
            using var plain = new HttpClient();
            var pdf = await plain.GetByteArrayAsync(new Uri(body.GetProperty("downloadUrl").GetString()!));
            pdf.AsSpan(0, 5).SequenceEqual("%PDF-"u8).Should().BeTrue();
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    private static async Task<string?> StatusAsync(HttpClient http, string token, string number)
    {
        using var response = await http.SendAsync(Authorized(HttpMethod.Get, $"/api/reports/{number}", token));
        return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString() : null;
    }

    private async Task<string> ReportStatusInStorageAsync(string number) =>
        (await new Azure.Data.Tables.TableClient(_azurite.ConnectionString, "Reports").GetEntityAsync<Azure.Data.Tables.TableEntity>(number, "")).Value.GetString("Status");

    private static HttpRequestMessage Authorized(HttpMethod method, string path, string token, object? json = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = json is null ? null : JsonContent.Create(json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
