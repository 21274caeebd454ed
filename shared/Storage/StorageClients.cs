using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace EntryExit.Storage;

/// <summary>
/// The storage account's three clients, from the same <c>AzureWebJobsStorage</c> setting the Functions host uses:
/// a connection string locally (Azurite), identity-based (<c>__tableServiceUri</c>, <c>__clientId</c>, …) in Azure.
/// </summary>
public sealed class StorageClients
{
    public const string ConnectionName = "AzureWebJobsStorage";

    public StorageClients(IConfiguration configuration)
    {
        var blobOptions = new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06);
        var queueOptions = new QueueClientOptions(QueueClientOptions.ServiceVersion.V2026_06_06) { MessageEncoding = QueueMessageEncoding.Base64 };
        var connectionString = configuration[ConnectionName];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            Tables = new TableServiceClient(connectionString);
            Blobs = new BlobServiceClient(connectionString, blobOptions);
            Queues = new QueueServiceClient(connectionString, queueOptions);
            return;
        }

        var section = configuration.GetSection(ConnectionName);
        var credential = Credential(section);
        Tables = new TableServiceClient(RequiredUri(section, "tableServiceUri"), credential);
        Blobs = new BlobServiceClient(RequiredUri(section, "blobServiceUri"), credential, blobOptions);
        Queues = new QueueServiceClient(RequiredUri(section, "queueServiceUri"), credential, queueOptions);
    }

    public TableServiceClient Tables { get; }

    public BlobServiceClient Blobs { get; }

    public QueueServiceClient Queues { get; }

    private static TokenCredential Credential(IConfigurationSection section) =>
        AzureCredentials.For(section["credential"] == "managedidentity" ? section["clientId"] : null);

    private static Uri RequiredUri(IConfigurationSection section, string name) =>
        Uri.TryCreate(section[name], UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"Set {ConnectionName} (a connection string) or {ConnectionName}__{name}.");
}
