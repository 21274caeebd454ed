using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EntryExit.Core.Identity;
using EntryExit.DevHost;
using EntryExit.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EntryExit.Bench;

/// <summary>Azurite on free ports and the development host in-process, quiet, as the tests run them.</summary>
public sealed class BenchStack : IAsyncDisposable
{
    public const string FunctionKey = "bench-function-key";
    public const string LivenessKey = "bench-liveness-key";

    private readonly AzuriteFixture _azurite;
    private readonly string _settingsDirectory;

    private BenchStack(AzuriteFixture azurite, WebApplication host, string settingsDirectory)
    {
        _azurite = azurite;
        Host = host;
        _settingsDirectory = settingsDirectory;
        Http = new HttpClient { BaseAddress = DevHostApp.Addresses(host)[0], Timeout = TimeSpan.FromMinutes(10) };
    }

    public WebApplication Host { get; }

    public HttpClient Http { get; }

    /// <summary>The bench's Azurite, for figures taken without the product in the way.</summary>
    public string StorageConnectionString => _azurite.ConnectionString;

    public static async Task<BenchStack> StartAsync()
    {
        var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        var settingsDirectory = Directory.CreateTempSubdirectory("bench-settings-").FullName;
        var settingsFile = Path.Combine(settingsDirectory, "local.settings.json");
        await File.WriteAllTextAsync(settingsFile, """{"IsEncrypted":false,"Values":{}}""");
        var host = DevHostApp.Build(["--Logging:LogLevel:Default=Warning"], new Dictionary<string, string?>
        {
            ["DevHost:SettingsFile"] = settingsFile,
            ["DevHost:Urls"] = "http://127.0.0.1:0",
            ["DevHost:FunctionKey"] = FunctionKey,
            ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.100",
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Security:PersonKeySecret"] = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray()),
            ["Security:DataProtectionKey"] = Convert.ToBase64String(Enumerable.Repeat((byte)2, 32).ToArray()),
            ["Security:TokenSigningKey"] = Convert.ToBase64String(Enumerable.Repeat((byte)3, 32).ToArray()),
            ["Liveness:Provider"] = "development",
            ["Liveness:DevelopmentKey"] = LivenessKey,
            ["Liveness:AllowDevelopmentInAzure"] = "true", // a container bench machine may set CONTAINER_NAME; this is no Azure
            // The fuzz round speaks for many clients through X-Forwarded-For, as Azure's front end would append it.
            ["ClientAddress:TrustedProxyHops"] = "1",
            ["Email:Provider"] = "smtp",
            ["Email:SenderAddress"] = "bench@entry-exit.test",
            ["Logging:LogLevel:Default"] = "Warning",
        }, services => services.Configure<LoggerFilterOptions>(o => o.MinLevel = LogLevel.Warning));
        await host.StartAsync();
        return new BenchStack(azurite, host, settingsDirectory);
    }

    /// <summary>Uploads NDJSON and waits until the import has completed; the import's final status.</summary>
    public async Task<JsonElement> ImportAsync(byte[] ndjson)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ops/imports") { Content = new ByteArrayContent(ndjson) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        request.Headers.Add("x-functions-key", FunctionKey);
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var importId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("importId").GetString();
        while (true)
        {
            using var poll = new HttpRequestMessage(HttpMethod.Get, $"/api/ops/imports/{importId}");
            poll.Headers.Add("x-functions-key", FunctionKey);
            using var status = await Http.SendAsync(poll);
            var body = await status.Content.ReadFromJsonAsync<JsonElement>();
            if (body.GetProperty("status").GetString() is "completed" or "failed")
            {
                return body;
            }

            await Task.Delay(20);
        }
    }

    public async Task<string> SignInAsync(string name, string idNumber)
    {
        using var started = await Http.PostAsJsonAsync("/api/identity/verifications", new { name, idNumber });
        started.EnsureSuccessStatusCode();
        var body = await started.Content.ReadFromJsonAsync<JsonElement>();
        var challenge = body.GetProperty("liveness").GetProperty("challenge").GetString()!;
        using var completed = await Http.PostAsJsonAsync(
            $"/api/identity/verifications/{body.GetProperty("verificationId").GetString()}/liveness",
            new { result = DevelopmentLivenessProvider.Answer(LivenessKey, challenge, DevelopmentLivenessProvider.FaceDigest(DemoData.SyntheticFaces.Png(idNumber))) });
        completed.EnsureSuccessStatusCode();
        return (await completed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.StopAsync();
        await Host.DisposeAsync();
        await _azurite.DisposeAsync();
        Directory.Delete(_settingsDirectory, recursive: true);
    }
}
