using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Xunit;

namespace EntryExit.TestSupport;

/// <summary>
/// Starts Azurite 3.37.0 (<c>node_modules/.bin/azurite</c> at the repository root, installed by <c>./dev test</c> or
/// <c>npm ci</c>) on free loopback ports, in memory, with <c>--skipApiVersionCheck</c> (Blobs 12.30.1 and Queues 12.28.1
/// send an API version Azurite 3.37.0 does not know; in memory, so no --location), and stops it with its process tree when disposed. Start-up takes
/// about 2–4 s, so share one instance per test collection; isolate tests by giving each its own table, container or
/// queue name (e.g. <c>"t" + Guid.NewGuid().ToString("N")</c>).
/// </summary>
/// <example>
/// In the test project (xunit needs the definition in the test assembly):
/// <code>
/// [CollectionDefinition(Name)]
/// public sealed class StorageCollection : ICollectionFixture&lt;AzuriteFixture&gt; { public const string Name = "storage"; }
///
/// [Collection(StorageCollection.Name)]
/// public sealed class ReportStoreTests(AzuriteFixture azurite)
/// {
///     [Fact]
///     public async Task Round_trips() { var tables = new TableServiceClient(azurite.ConnectionString); ... }
/// }
/// </code>
/// </example>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development key (public, not a secret).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    // Usually 2–4 s; measured 37–58 s for a bare start while several builds and test runs share the 2 cores.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    private ManagedProcess? _process;
    private string? _workspace;

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    public Uri BlobEndpoint => Endpoint(BlobPort);

    public Uri QueueEndpoint => Endpoint(QueuePort);

    public Uri TableEndpoint => Endpoint(TablePort);

    /// <summary>Shared-key connection string with explicit endpoints, as <c>AzureWebJobsStorage</c> takes it.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";

    /// <summary>The process's output so far (for diagnosing a failing test).</summary>
    public string Output => _process?.Output ?? "";

    public async Task InitializeAsync()
    {
        var root = RepositoryRoot.Path;
        var executable = Path.Combine(root, "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Azurite is not installed ({executable} is missing): run ./dev test (or npm ci) first.");
        }

        _workspace = Directory.CreateTempSubdirectory("azurite-").FullName;
        _process = ManagedProcess.Start(
            "Azurite",
            executable,
            [
                "--blobHost", "127.0.0.1", "--blobPort", "0",
                "--queueHost", "127.0.0.1", "--queuePort", "0",
                "--tableHost", "127.0.0.1", "--tablePort", "0",
                "--inMemoryPersistence",
                "--skipApiVersionCheck",
                "--disableTelemetry",
                "--silent",
            ],
            workingDirectory: _workspace); // in memory: nothing is written, and never into the repository

        // Port 0 lets the system pick free ports; Azurite prints the ones it got.
        BlobPort = await ListeningPortAsync("Blob");
        QueuePort = await ListeningPortAsync("Queue");
        TablePort = await ListeningPortAsync("Table");
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
        }
    }

    /// <summary>
    /// Freezes Azurite (SIGSTOP) until <see cref="Resume"/>: it runs in memory, so stopping the process for real would
    /// lose every table, blob and queue; frozen, it accepts connections and answers nothing, as a storage outage looks
    /// to a client, and keeps its data.
    /// </summary>
    public void Pause() => Process.Signal("STOP");

    /// <summary>Lets a paused Azurite go on (SIGCONT); requests that queued up meanwhile are then answered.</summary>
    public void Resume() => Process.Signal("CONT");

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        if (_workspace is not null)
        {
            try
            {
                Directory.Delete(_workspace, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    private ManagedProcess Process => _process ?? throw new InvalidOperationException("Azurite is not started.");

    private async Task<int> ListeningPortAsync(string service)
    {
        var match = await _process!.WaitForLineAsync(
            new Regex($@"Azurite {service} service is successfully listening at https?://[^:\s]+:(\d+)", RegexOptions.CultureInvariant),
            StartTimeout);
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static Uri Endpoint(int port) => new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/{AccountName}");
}
