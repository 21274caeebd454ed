using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using EntryExit.Core.Identity;
using EntryExit.DemoData;
using EntryExit.TestSupport;

namespace EntryExit.Bench;

/// <summary>
/// The stack the fault rounds break: Azurite (in memory, paused and resumed with signals), smtp4dev behind a port that
/// can be closed, and the development host as a process of its own, so it can be killed (SIGKILL) and started again
/// on the same settings.
/// </summary>
public sealed class FaultStack : IAsyncDisposable
{
    public const string FunctionKey = "fault-function-key";
    private const string LivenessKey = "fault-liveness-key";

    /// <summary>
    /// Shorter than production so a round takes a minute, not ten; each is named with the figures. The stage lease stays
    /// longer than the 10 s storage pause, and the retry delay short so mail resumes within seconds of the server.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ShortenedSettings = new Dictionary<string, string>
    {
        ["Reports__StageLeaseSeconds"] = "15",
        ["Reports__StuckAfterMinutes"] = "1",
        ["Reports__RetryDelaySeconds"] = "1",
        ["Reports__MaxRetryDelaySeconds"] = "5",
        ["DevHost__QueueMessageLeaseSeconds"] = "10",
        ["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = "00:00:02",
        ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.200",
    };

    private readonly string _hostDll;
    private readonly string _settingsDirectory;
    private readonly string _settingsFile;
    private readonly int _smtpPathPort;
    private TcpForwarder? _smtpPath;
    private ManagedProcess? _host;

    private FaultStack(string hostDll, AzuriteFixture azurite, Smtp4devFixture smtp, string settingsDirectory, int apiPort, int smtpPathPort)
    {
        _hostDll = hostDll;
        Azurite = azurite;
        Smtp = smtp;
        _settingsDirectory = settingsDirectory;
        _settingsFile = Path.Combine(settingsDirectory, "local.settings.json");
        _smtpPathPort = smtpPathPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}/"), Timeout = TimeSpan.FromMinutes(2) };
        Reports = new TableClient(azurite.ConnectionString, "Reports");
    }

    public AzuriteFixture Azurite { get; }

    public Smtp4devFixture Smtp { get; }

    public HttpClient Http { get; }

    /// <summary>The Reports table, read directly: the rounds count stages without going through the host they kill.</summary>
    public TableClient Reports { get; }

    public static async Task<FaultStack> StartAsync(string hostDll)
    {
        var azurite = new AzuriteFixture();
        var smtp = new Smtp4devFixture();
        await Task.WhenAll(azurite.InitializeAsync(), smtp.InitializeAsync());
        var settingsDirectory = Directory.CreateTempSubdirectory("fault-bench-").FullName;
        var apiPort = TcpForwarder.ReserveClosedPort();
        var smtpPathPort = TcpForwarder.ReserveClosedPort();
        var values = new Dictionary<string, string>(ShortenedSettings)
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["DevHost__Urls"] = $"http://127.0.0.1:{apiPort}",
            ["DevHost__FunctionKey"] = FunctionKey,
            ["Security__PersonKeySecret"] = Convert.ToBase64String(Enumerable.Repeat((byte)4, 32).ToArray()),
            ["Security__DataProtectionKey"] = Convert.ToBase64String(Enumerable.Repeat((byte)5, 32).ToArray()),
            ["Security__TokenSigningKey"] = Convert.ToBase64String(Enumerable.Repeat((byte)6, 32).ToArray()),
            ["Liveness__Provider"] = "development",
            ["Liveness__DevelopmentKey"] = LivenessKey,
            ["Liveness__AllowDevelopmentInAzure"] = "true", // a container bench machine may set CONTAINER_NAME; this is no Azure
            ["Email__Provider"] = "smtp",
            ["Email__SenderAddress"] = "faults@entry-exit.test",
            ["Email__Smtp__Host"] = "127.0.0.1",
            ["Email__Smtp__Port"] = smtpPathPort.ToString(CultureInfo.InvariantCulture),
            ["Reports__MaxReportsPerDay"] = "1000000",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        await File.WriteAllTextAsync(Path.Combine(settingsDirectory, "local.settings.json"), JsonSerializer.Serialize(new { IsEncrypted = false, Values = values }));
        var stack = new FaultStack(hostDll, azurite, smtp, settingsDirectory, apiPort, smtpPathPort);
        stack.SmtpUp();
        await stack.StartHostAsync();
        return stack;
    }

    /// <summary>Starts the development host process and waits until it answers /api/health.</summary>
    public async Task StartHostAsync()
    {
        _host = ManagedProcess.Start("development host", "dotnet", [_hostDll, "--settings", _settingsFile], Path.GetDirectoryName(_hostDll)!);
        await Until(async () =>
        {
            try
            {
                using var health = await Http.GetAsync(new Uri("api/health", UriKind.Relative));
                return health.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromMinutes(3), "the development host should answer /api/health");
    }

    /// <summary>SIGKILL to the host and everything it started: no shutdown, no lease given back, no message deleted.</summary>
    public async Task KillHostAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
            _host = null;
        }
    }

    /// <summary>Nothing listens where the host sends mail (connections refused), and conversations in flight are cut.</summary>
    public async Task SmtpDownAsync()
    {
        if (_smtpPath is not null)
        {
            await _smtpPath.DisposeAsync();
            _smtpPath = null;
        }
    }

    /// <summary>The host's mail port leads to smtp4dev again (same port).</summary>
    public void SmtpUp() => _smtpPath ??= TcpForwarder.Start(_smtpPathPort, Smtp.SmtpPort);

    public string HostOutput => _host?.Output ?? "";

    /// <summary>Imports the demo commuter alone (person, documents, ~7,300 crossings) and signs them in.</summary>
    public async Task ImportCommuterAsync()
    {
        var commuter = DemoPopulation.Generate(DemoPopulation.DefaultSeed, DemoPopulation.ChinaToday(TimeProvider.System))
            .Where(line => line.ToJson().Contains(DemoIdentities.CommuterIdNumber, StringComparison.Ordinal));
        using var import = new HttpRequestMessage(HttpMethod.Post, "api/ops/imports") { Content = new StringContent(DemoPopulation.ToNdjson(commuter)) };
        import.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        import.Headers.Add("x-functions-key", FunctionKey);
        using var started = await Http.SendAsync(import);
        started.EnsureSuccessStatusCode();
        var importId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("importId").GetString();
        string? outcome = null;
        await Until(async () =>
        {
            using var poll = new HttpRequestMessage(HttpMethod.Get, $"api/ops/imports/{importId}");
            poll.Headers.Add("x-functions-key", FunctionKey);
            using var status = await Http.SendAsync(poll);
            outcome = (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
            return outcome is "completed" or "failed";
        }, TimeSpan.FromMinutes(10), $"import {importId} should finish");
        if (outcome != "completed")
        {
            throw new InvalidOperationException($"The commuter's import {outcome}. Host output:\n{HostOutput}");
        }
    }

    /// <summary>A fresh access token for the commuter (tokens last 15 minutes; a round asks for one).</summary>
    public async Task<string> SignInCommuterAsync()
    {
        using var started = await Http.PostAsJsonAsync("api/identity/verifications", new { name = DemoIdentities.CommuterName, idNumber = DemoIdentities.CommuterIdNumber });
        started.EnsureSuccessStatusCode();
        var body = await started.Content.ReadFromJsonAsync<JsonElement>();
        var answer = DevelopmentLivenessProvider.Answer(LivenessKey, body.GetProperty("liveness").GetProperty("challenge").GetString()!,
            DevelopmentLivenessProvider.FaceDigest(SyntheticFaces.Png(DemoIdentities.CommuterIdNumber)));
        using var completed = await Http.PostAsJsonAsync($"api/identity/verifications/{body.GetProperty("verificationId").GetString()}/liveness", new { result = answer });
        completed.EnsureSuccessStatusCode();
        return (await completed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await KillHostAsync();
        await SmtpDownAsync();
        await Task.WhenAll(Smtp.DisposeAsync(), Azurite.DisposeAsync());
        Directory.Delete(_settingsDirectory, recursive: true);
    }

    private async Task Until(Func<Task<bool>> condition, TimeSpan bound, string because)
    {
        try
        {
            await Eventually.UntilAsync(condition, bound, TimeSpan.FromMilliseconds(100), because);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nThe development host's output:\n{HostOutput}", e);
        }
    }
}
