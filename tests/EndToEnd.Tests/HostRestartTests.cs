using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EntryExit.Core.Identity;
using EntryExit.DemoData;
using EntryExit.TestSupport;

namespace EntryExit.EndToEnd.Tests;

/// <summary>
/// The development host as a process of its own, killed (SIGKILL, no shutdown) while it renders a report, then
/// started again: the report completes. Its own Azurite, so no other host takes the message.
/// </summary>
public sealed class HostRestartTests : IAsyncLifetime
{
    private const string LivenessKey = "restart-liveness-key";
    private static readonly TimeSpan ImportPatience = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan StagePatience = TimeSpan.FromMinutes(5);
    private readonly AzuriteFixture _azurite = new();
    private string _settingsDirectory = "";
    private string _settingsFile = "";
    private Uri _api = null!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _settingsDirectory = Directory.CreateTempSubdirectory("restart-settings-").FullName;
        _settingsFile = Path.Combine(_settingsDirectory, "local.settings.json");
        var port = TcpForwarder.ReserveClosedPort();
        _api = new Uri($"http://127.0.0.1:{port}/");
        var values = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["DevHost__Urls"] = $"http://127.0.0.1:{port}",
            ["DevHost__FunctionKey"] = "restart-function-key",
            ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.200",
            ["DevHost__QueueMessageLeaseSeconds"] = "2",
            ["Security__PersonKeySecret"] = Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray()),
            ["Security__DataProtectionKey"] = Convert.ToBase64String(Enumerable.Repeat((byte)8, 32).ToArray()),
            ["Security__TokenSigningKey"] = Convert.ToBase64String(Enumerable.Repeat((byte)9, 32).ToArray()),
            ["Liveness__Provider"] = "development",
            ["Liveness__DevelopmentKey"] = LivenessKey,
            ["Liveness__AllowDevelopmentInAzure"] = "true", // a container test machine may set CONTAINER_NAME; this is no Azure
            ["Email__Provider"] = "smtp",
            ["Email__SenderAddress"] = "restart@entry-exit.test",
            ["Reports__StageLeaseSeconds"] = "3",
        };
        await File.WriteAllTextAsync(_settingsFile, JsonSerializer.Serialize(new { IsEncrypted = false, Values = values }));
    }

    public async Task DisposeAsync()
    {
        await _azurite.DisposeAsync();
        Directory.Delete(_settingsDirectory, recursive: true);
    }

    [Fact]
    public async Task A_host_killed_mid_render_and_started_again_completes_the_report()
    {
        using var http = new HttpClient(new Contract.ContractCheckingHandler(Contract.OpenApiContract.Current)) { BaseAddress = _api, Timeout = TimeSpan.FromMinutes(2) };
        string number, token;
        var first = await StartHostAsync(http);
        try
        {
            // Only the commuter's lines (person, documents, ~7,300 crossings): the test needs nobody else.
            var commuter = DemoPopulation.Generate(20261125, DemoPopulation.ChinaToday(TimeProvider.System))
                .Where(line => line.ToJson().Contains(DemoIdentities.CommuterIdNumber, StringComparison.Ordinal));
            using var import = new HttpRequestMessage(HttpMethod.Post, "/api/ops/imports") { Content = new StringContent(DemoPopulation.ToNdjson(commuter)) };
            import.Headers.Add("x-functions-key", "restart-function-key");
            using var started = await http.SendAsync(import);
            started.EnsureSuccessStatusCode();
            var importId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("importId").GetString()!;

            // The condition this test owns is its import's outcome, not a sign-in that happens to work in time; the bound
            // is for a 2-core machine shared with other builds (a quiet one takes about a second).
            var outcome = await Eventually.UntilAsync(async () => await ImportOutcomeAsync(http, importId), ImportPatience, because: $"import {importId} should finish");
            outcome.Should().Be("completed");
            token = (await TrySignInAsync(http))!;
            token.Should().NotBeNull("the commuter was imported");

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

        var second = await StartHostAsync(http);
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

    private async Task<ManagedProcess> StartHostAsync(HttpClient http)
    {
        var root = RepositoryRoot.Path;
        var dll = Path.Combine(root, "functions", "DevHost", "bin", "Debug", "net10.0", "EntryExit.DevHost.dll");
        File.Exists(dll).Should().BeTrue($"the development host is built ({dll}); ./dev test builds it");
        var host = ManagedProcess.Start("development host", "dotnet", [dll, "--settings", _settingsFile], root);
        await Eventually.UntilAsync(async () =>
        {
            try
            {
                using var health = await http.GetAsync("/api/health");
                return health.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), because: $"the host should answer /api/health. Its output:\n{host.Output}");
        return host;
    }

    private static async Task<string?> TrySignInAsync(HttpClient http)
    {
        using var started = await http.PostAsJsonAsync("/api/identity/verifications", new { name = DemoIdentities.CommuterName, idNumber = DemoIdentities.CommuterIdNumber });
        if (!started.IsSuccessStatusCode)
        {
            return null;
        }

        var body = await started.Content.ReadFromJsonAsync<JsonElement>();
        var answer = DevelopmentLivenessProvider.Answer(LivenessKey, body.GetProperty("liveness").GetProperty("challenge").GetString()!,
            DevelopmentLivenessProvider.FaceDigest(SyntheticFaces.Png(DemoIdentities.CommuterIdNumber)));
        using var completed = await http.PostAsJsonAsync($"/api/identity/verifications/{body.GetProperty("verificationId").GetString()}/liveness", new { result = answer });
        return (await completed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
    }

    /// <summary>"completed" or "failed" once the import is over; null while it is queued or running.</summary>
    private static async Task<string?> ImportOutcomeAsync(HttpClient http, string importId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/ops/imports/{importId}");
        request.Headers.Add("x-functions-key", "restart-function-key");
        using var response = await http.SendAsync(request);
        var status = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
        return status is "completed" or "failed" ? status : null;
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
