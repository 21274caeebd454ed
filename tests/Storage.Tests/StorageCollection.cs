using EntryExit.Core.Import;
using EntryExit.Core.Records;
using EntryExit.Core.Security;
using EntryExit.Core.Telemetry;
using EntryExit.Storage.Documents;
using EntryExit.Storage.Identity;
using EntryExit.Storage.Import;
using EntryExit.Storage.Issuances;
using EntryExit.Storage.Records;
using EntryExit.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EntryExit.Storage.Tests;

[CollectionDefinition(Name)]
public sealed class StorageCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "storage";
}

/// <summary>Clients for the fixture's Azurite, with the app's tables, queues and container created.</summary>
internal static class TestStorage
{
    public static async Task<StorageClients> ClientsAsync(AzuriteFixture azurite)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [StorageClients.ConnectionName] = azurite.ConnectionString })
            .Build();
        var clients = new StorageClients(configuration);
        await new StorageInitializer(clients).StartAsync(CancellationToken.None);
        return clients;
    }

    public static IOptions<SecurityOptions> Security { get; } = Options.Create(new SecurityOptions
    {
        PersonKeySecret = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
        DataProtectionKey = Convert.ToBase64String(Enumerable.Range(33, 32).Select(i => (byte)i).ToArray()),
        TokenSigningKey = Convert.ToBase64String(Enumerable.Range(65, 32).Select(i => (byte)i).ToArray()),
    });

    /// <summary>
    /// The import as the app wires it, over these clients: the service that takes a file and the runner that stores its
    /// lines; <paramref name="crossings"/> replaces the crossing store (one that crashes, or measures).
    /// </summary>
    public static TestImport Import(StorageClients clients, TimeProvider clock, ImportOptions options, EntryExitMetrics metrics, ICrossingStore? crossings = null)
    {
        var keys = new HmacPersonKeys(Security);
        var protector = new AesGcmProtector(Security);
        var imports = new TableImportStore(clients);
        var files = new BlobImportFiles(clients);
        var queue = new StorageImportQueue(clients);
        var runner = new ImportRunner(imports, files, queue, keys,
            new TablePersonStore(clients, keys, protector, clock), new BlobReferencePhotos(clients, protector),
            new TableDocumentStore(clients, keys), new TableIssuanceStore(clients), crossings ?? new TableCrossingStore(clients),
            clock, Options.Create(options), metrics, NullLogger<ImportRunner>.Instance);
        return new TestImport(new ImportService(imports, files, queue, new SystemSecureRandom(), clock, NullLogger<ImportService>.Instance), runner, imports);
    }
}

internal sealed record TestImport(ImportService Service, ImportRunner Runner, TableImportStore Imports);
