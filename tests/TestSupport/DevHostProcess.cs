using System.Text.Json;

namespace EntryExit.TestSupport;

/// <summary>
/// The development host as a process of its own, so a bench or a test can kill it (SIGKILL) and start it again on the
/// same settings: a settings file of its own holding <see cref="DevHostApi.Settings"/> on a free port, warnings only,
/// and the caller's settings, which win.
/// </summary>
public sealed class DevHostProcess : IDisposable
{
    private readonly string _hostDll;
    private readonly string _settingsDirectory;

    private DevHostProcess(string hostDll, string settingsDirectory, Uri address)
    {
        _hostDll = hostDll;
        _settingsDirectory = settingsDirectory;
        Address = address;
    }

    /// <summary>Where the host listens, on every start.</summary>
    public Uri Address { get; }

    public string SettingsFile => Path.Combine(_settingsDirectory, "local.settings.json");

    /// <summary>Writes the settings file (in a directory of its own, removed on dispose); nothing is started yet.</summary>
    /// <param name="hostDll">The development host's built EntryExit.DevHost.dll.</param>
    /// <param name="settings">App settings as in local.settings.json (<c>Section__Key</c>), over the defaults.</param>
    public static async Task<DevHostProcess> CreateAsync(string hostDll, string storageConnectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = TcpForwarder.ReserveClosedPort();
        var values = DevHostApi.Settings(storageConnectionString, $"http://127.0.0.1:{port}");
        values["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            values[key] = value;
        }

        var directory = Directory.CreateTempSubdirectory("dev-host-").FullName;
        var process = new DevHostProcess(hostDll, directory, new Uri($"http://127.0.0.1:{port}/"));
        await File.WriteAllTextAsync(process.SettingsFile, JsonSerializer.Serialize(new { IsEncrypted = false, Values = values }));
        return process;
    }

    /// <summary>Starts the host without waiting for it (a cold-start measurement waits its own way).</summary>
    public ManagedProcess Start() =>
        ManagedProcess.Start("development host", "dotnet", [_hostDll, "--settings", SettingsFile], Path.GetDirectoryName(_hostDll)!);

    /// <summary>Starts the host and waits until it answers <c>/api/health</c>; the host's output is in the timeout's message.</summary>
    public async Task<ManagedProcess> StartAsync(TimeSpan patience)
    {
        var host = Start();
        using var http = new HttpClient { BaseAddress = Address };
        try
        {
            await Eventually.UntilAsync(async () =>
            {
                try
                {
                    using var health = await http.GetAsync(new Uri("api/health", UriKind.Relative));
                    return health.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, patience, because: "the development host should answer /api/health");
        }
        catch (TimeoutException e)
        {
            var output = host.Output;
            await host.DisposeAsync();
            throw new TimeoutException($"{e.Message}\nThe development host's output:\n{output}", e);
        }

        return host;
    }

    public void Dispose() => Directory.Delete(_settingsDirectory, recursive: true);
}
