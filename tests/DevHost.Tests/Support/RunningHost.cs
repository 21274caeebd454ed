using System.Text.Json.Nodes;
using EntryExit.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EntryExit.DevHost.Tests.Support;

/// <summary>A development host started in-process on a free port, with captured logs and a recorder.</summary>
public sealed class RunningHost : IAsyncDisposable
{
    public const string FunctionKey = "test-function-key";

    private readonly string _settingsDirectory;

    private RunningHost(WebApplication app, HttpClient client, CapturedLogs logs, SampleRecorder recorder, string settingsDirectory)
    {
        App = app;
        Client = client;
        Logs = logs;
        Recorder = recorder;
        _settingsDirectory = settingsDirectory;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public CapturedLogs Logs { get; }

    public SampleRecorder Recorder { get; }

    /// <summary>
    /// Builds and starts the host over <paramref name="functionTypes"/> (null: the function app's own); the
    /// settings file is a fresh copy of the sample in a temp folder, so tests never touch the repository's
    /// local.settings.json. With sample functions, the app's own hosted services (storage initialisation)
    /// are removed: the samples need no storage, and the HTTP and timer tests run without Azurite. The host reads a
    /// copy of the app's functions/host.json in the same folder, with idle queues polled every 200 ms so tests wait
    /// less (and, for sample functions, without the app's route prefix), then changed by <paramref name="hostJson"/>.
    /// </summary>
    public static async Task<RunningHost> StartAsync(IEnumerable<Type>? functionTypes, IDictionary<string, string?>? overrides = null, Action<JsonObject>? hostJson = null)
    {
        var settingsDirectory = Directory.CreateTempSubdirectory("devhost-tests-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["DevHost:Urls"] = "http://127.0.0.1:0",
            ["DevHost:SettingsFile"] = Path.Combine(settingsDirectory, "local.settings.json"),
            ["DevHost:HostJsonFile"] = await WriteHostJsonAsync(settingsDirectory, sampleFunctions: functionTypes is not null, hostJson),
            ["DevHost:FunctionKey"] = FunctionKey,
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var logs = new CapturedLogs();
        var recorder = new SampleRecorder();
        var app = DevHostApp.Build(
            [],
            settings,
            services =>
            {
                services.AddSingleton<ILoggerProvider>(logs);
                services.AddSingleton(recorder);
                services.AddScoped<ScopedMarker>();
                if (functionTypes is not null)
                {
                    RemoveAppHostedServices(services);
                }
            },
            functionTypes);
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = DevHostApp.Addresses(app)[0] };
        return new RunningHost(app, client, logs, recorder, settingsDirectory);
    }

    private static async Task<string> WriteHostJsonAsync(string directory, bool sampleFunctions, Action<JsonObject>? change)
    {
        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "functions", "host.json")))!.AsObject();
        if (sampleFunctions)
        {
            // The app's "" prefix exists for its /verify page; the samples live under the host's default, api/.
            json["extensions"]!.AsObject().Remove("http");
        }

        json["extensions"]!["queues"]!["maxPollingInterval"] = "00:00:00.200";
        change?.Invoke(json);
        var path = Path.Combine(directory, "host.json");
        await File.WriteAllTextAsync(path, json.ToJsonString());
        return path;
    }

    private static void RemoveAppHostedServices(IServiceCollection services)
    {
        var appServices = services
            .Where(d => d.ServiceType == typeof(IHostedService)
                && d.ImplementationType?.Assembly is { } assembly
                && assembly != typeof(DevHostApp).Assembly
                && assembly.GetName().Name!.StartsWith("EntryExit.", StringComparison.Ordinal))
            .ToList();
        foreach (var descriptor in appServices)
        {
            services.Remove(descriptor);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(_settingsDirectory, recursive: true);
    }
}

/// <summary>A scoped service: one instance per invocation scope.</summary>
public sealed class ScopedMarker
{
    public Guid Id { get; } = Guid.NewGuid();
}
