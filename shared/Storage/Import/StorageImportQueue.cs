using Azure.Storage.Queues;
using EntryExit.Core.Import;

namespace EntryExit.Storage.Import;

/// <summary>The <c>import-run</c> queue; base64 messages holding the import id.</summary>
public sealed class StorageImportQueue(StorageClients clients) : IImportQueue
{
    private readonly QueueClient _queue = clients.Queues.GetQueueClient(IImportQueue.Name);

    public Task EnqueueAsync(string importId, TimeSpan delay, CancellationToken cancellationToken) =>
        _queue.SendMessageAsync(importId, delay, cancellationToken: cancellationToken);
}
