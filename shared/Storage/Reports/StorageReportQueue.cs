using Azure.Storage.Queues;
using EntryExit.Core.Reports;

namespace EntryExit.Storage.Reports;

/// <summary>Queue Storage between the stages; base64 messages, as the Functions queue trigger expects.</summary>
public sealed class StorageReportQueue(StorageClients clients) : IReportQueue
{
    private readonly QueueClient _render = clients.Queues.GetQueueClient(ReportQueues.Render);
    private readonly QueueClient _email = clients.Queues.GetQueueClient(ReportQueues.Email);

    public Task EnqueueRenderAsync(ReportNumber number, TimeSpan delay, CancellationToken cancellationToken) =>
        _render.SendMessageAsync(number.Value, delay, cancellationToken: cancellationToken);

    public Task EnqueueEmailAsync(ReportNumber number, TimeSpan delay, CancellationToken cancellationToken) =>
        _email.SendMessageAsync(number.Value, delay, cancellationToken: cancellationToken);
}
