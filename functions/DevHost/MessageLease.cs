using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;

namespace EntryExit.DevHost;

/// <summary>
/// Keeps a received message invisible while its function runs by renewing the visibility timeout at half
/// its length, and tracks the pop receipt each renewal returns (delete and release need the latest one).
/// </summary>
internal sealed class MessageLease : IDisposable
{
    private readonly QueueClient _queue;
    private readonly QueueMessage _message;
    private readonly TimeSpan _visibility;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;
    private volatile string _popReceipt;

    public MessageLease(QueueClient queue, QueueMessage message, TimeSpan visibility, ILogger logger)
    {
        _queue = queue;
        _message = message;
        _visibility = visibility;
        _logger = logger;
        _popReceipt = message.PopReceipt;
        _renewal = RenewAsync();
    }

    /// <summary>Stops renewing, waits for a renewal in flight, and returns the current pop receipt.</summary>
    public async Task<string> StopAsync()
    {
        await _stop.CancelAsync();
        await _renewal;
        return _popReceipt;
    }

    /// <summary>Releases the stop signal; call after <see cref="StopAsync"/>.</summary>
    public void Dispose() => _stop.Dispose();

    private async Task RenewAsync()
    {
        var period = _visibility / 2;
        while (true)
        {
            try
            {
                await Task.Delay(period, _stop.Token);
                // Not cancelled mid-call: a renewal that succeeds on the server but is abandoned here
                // would leave a stale pop receipt, and the final delete would fail.
                var receipt = await _queue.UpdateMessageAsync(_message.MessageId, _popReceipt, visibilityTimeout: _visibility, cancellationToken: CancellationToken.None);
                _popReceipt = receipt.Value.PopReceipt;
            }
            catch (OperationCanceledException)
            {
                return;
            }
#pragma warning disable CA1031 // A lost lease must not fail the invocation; the message may just come back.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _logger.LogWarning("Could not renew the visibility of message {MessageId} on {QueueName} ({ErrorCode}); it may be delivered again", _message.MessageId, _queue.Name, (ex as RequestFailedException)?.ErrorCode ?? ex.GetType().Name);
                return;
            }
        }
    }
}
