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
    /// are removed: the samples need no storage, and the HTTP and timer tests run without Azurite.
    /// </summary>
    public static async Task<RunningHost> StartAsync(IEnumerable<Type>? functionTypes, IDictionary<string, string?>? overrides = null)
    {
        var settingsDirectory = Directory.CreateTempSubdirectory("devhost-tests-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["DevHost:Urls"] = "http://127.0.0.1:0",
            ["DevHost:SettingsFile"] = Path.Combine(settingsDirectory, "local.settings.json"),
            ["DevHost:FunctionKey"] = FunctionKey,
            ["DevHost:QueuePollingMilliseconds"] = "50",
            ["DevHost:QueueMaxPollingMilliseconds"] = "200",
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
