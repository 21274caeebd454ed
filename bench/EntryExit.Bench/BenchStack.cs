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
        var settings = DevHostApi.Settings(azurite.ConnectionString, "http://127.0.0.1:0");
        settings["DevHost__SettingsFile"] = settingsFile;
        settings["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.100";
        // The fuzz round speaks for many clients through X-Forwarded-For, as Azure's front end would append it.
        settings["ClientAddress__TrustedProxyHops"] = "1";
        settings["Email__SenderAddress"] = "bench@entry-exit.test";
        settings["Logging__LogLevel__Default"] = "Warning";
        var host = DevHostApp.Build(["--Logging:LogLevel:Default=Warning"], DevHostApi.AsConfiguration(settings),
            services => services.Configure<LoggerFilterOptions>(o => o.MinLevel = LogLevel.Warning));
        await host.StartAsync();
        return new BenchStack(azurite, host, settingsDirectory);
    }

    /// <summary>Uploads NDJSON and waits until the import has completed; the import's final status.</summary>
    public async Task<JsonElement> ImportAsync(byte[] ndjson)
    {
        var importId = await DevHostApi.StartImportAsync(Http, new ByteArrayContent(ndjson));
        while (true)
        {
            var status = await DevHostApi.ImportStatusAsync(Http, importId);
            if (status.GetProperty("status").GetString() is "completed" or "failed")
            {
                return status;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>An operator's purge of one person (the ID number in the body, never the URL).</summary>
    public async Task PurgeAsync(string idNumber)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ops/persons/purge") { Content = JsonContent.Create(new { idNumber }) };
        request.Headers.Add("x-functions-key", DevHostApi.FunctionKey);
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Signs in showing the person's synthetic reference photo, as the demo data imports it.</summary>
    public Task<string> SignInAsync(string name, string idNumber) =>
        DevHostApi.SignInAsync(Http, name, idNumber, DemoData.SyntheticFaces.Png(idNumber));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.StopAsync();
        await Host.DisposeAsync();
        await _azurite.DisposeAsync();
        Directory.Delete(_settingsDirectory, recursive: true);
    }
}
