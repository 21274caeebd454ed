using EntryExit.Core.Security;
using EntryExit.TestSupport;
using Microsoft.Extensions.Configuration;
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
}
