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

    private readonly DevHostProcess _process;
    private readonly int _smtpPathPort;
    private TcpForwarder? _smtpPath;
    private ManagedProcess? _host;

    private FaultStack(DevHostProcess process, AzuriteFixture azurite, Smtp4devFixture smtp, int smtpPathPort)
    {
        _process = process;
        Azurite = azurite;
        Smtp = smtp;
        _smtpPathPort = smtpPathPort;
        Http = new HttpClient { BaseAddress = process.Address, Timeout = TimeSpan.FromMinutes(2) };
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
        var smtpPathPort = TcpForwarder.ReserveClosedPort();
        var process = await DevHostProcess.CreateAsync(hostDll, azurite.ConnectionString, new Dictionary<string, string>(ShortenedSettings)
        {
            ["Email__SenderAddress"] = "faults@entry-exit.test",
            ["Email__Smtp__Host"] = "127.0.0.1",
            ["Email__Smtp__Port"] = smtpPathPort.ToString(CultureInfo.InvariantCulture),
            ["Reports__MaxReportsPerDay"] = "1000000",
        });
        var stack = new FaultStack(process, azurite, smtp, smtpPathPort);
        stack.SmtpUp();
        await stack.StartHostAsync();
        return stack;
    }

    /// <summary>Starts the development host process and waits until it answers /api/health.</summary>
    public async Task StartHostAsync() => _host = await _process.StartAsync(TimeSpan.FromMinutes(3));

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
        var importId = await DevHostApi.StartImportAsync(Http, new StringContent(DemoPopulation.ToNdjson(commuter)));
        var outcome = await Until(() => DevHostApi.ImportOutcomeAsync(Http, importId), TimeSpan.FromMinutes(10), $"import {importId} should finish");
        if (outcome != "completed")
        {
            throw new InvalidOperationException($"The commuter's import {outcome}. Host output:\n{HostOutput}");
        }
    }

    /// <summary>A fresh access token for the commuter (tokens last 15 minutes; a round asks for one).</summary>
    public Task<string> SignInCommuterAsync() =>
        DevHostApi.SignInAsync(Http, DemoIdentities.CommuterName, DemoIdentities.CommuterIdNumber, SyntheticFaces.Png(DemoIdentities.CommuterIdNumber));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await KillHostAsync();
        await SmtpDownAsync();
        await Task.WhenAll(Smtp.DisposeAsync(), Azurite.DisposeAsync());
        _process.Dispose();
    }

    private async Task<T> Until<T>(Func<Task<T?>> probe, TimeSpan bound, string because)
        where T : class
    {
        try
        {
            return await Eventually.UntilAsync(probe, bound, TimeSpan.FromMilliseconds(100), because);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nThe development host's output:\n{HostOutput}", e);
        }
    }
}
