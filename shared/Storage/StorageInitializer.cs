using Microsoft.Extensions.Hosting;

namespace EntryExit.Storage;

/// <summary>Creates the tables, queues and container at start-up when they are missing (Azurite starts empty).</summary>
public sealed class StorageInitializer(StorageClients clients) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var work = new List<Task>();
        work.AddRange(StorageNames.Tables.Select(t => clients.Tables.GetTableClient(t).CreateIfNotExistsAsync(cancellationToken)));
        work.AddRange(StorageNames.Queues.Select(q => clients.Queues.GetQueueClient(q).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        work.AddRange(StorageNames.Containers.Select(c => clients.Blobs.GetBlobContainerClient(c).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        await Task.WhenAll(work);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
