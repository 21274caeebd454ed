using Azure;
using EntryExit.Core.Health;

namespace EntryExit.Storage.Health;

/// <summary>Tables answer when the people table can be read.</summary>
public sealed class TablesCheck(StorageClients clients) : IDependencyCheck
{
    public string Name => "tables";

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => Probe.Run(async () =>
    {
        await foreach (var _ in clients.Tables.GetTableClient(StorageNames.ReportsTable).QueryAsync<Azure.Data.Tables.TableEntity>(filter: "PartitionKey eq '-'", maxPerPage: 1, cancellationToken: cancellationToken))
        {
            break;
        }
    });
}

/// <summary>Blobs answer when the reports container exists.</summary>
public sealed class BlobsCheck(StorageClients clients) : IDependencyCheck
{
    public string Name => "blobs";

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken) =>
        Probe.Run(() => clients.Blobs.GetBlobContainerClient(StorageNames.ReportsContainer).GetPropertiesAsync(cancellationToken: cancellationToken));
}

/// <summary>Queues answer when the render queue exists.</summary>
public sealed class QueuesCheck(StorageClients clients) : IDependencyCheck
{
    public string Name => "queues";

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken) =>
        Probe.Run(() => clients.Queues.GetQueueClient(Core.Reports.ReportQueues.Render).GetPropertiesAsync(cancellationToken));
}

internal static class Probe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<bool> Run(Func<Task> probe)
    {
        try
        {
            await probe().WaitAsync(Timeout);
            return true;
        }
        catch (Exception e) when (e is RequestFailedException or TimeoutException or HttpRequestException or AggregateException or OperationCanceledException)
        {
            return false;
        }
    }
}
