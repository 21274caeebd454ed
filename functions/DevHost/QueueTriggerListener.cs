using System.Diagnostics;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EntryExit.DevHost;

/// <summary>
/// Polls each queue-triggered function's queue with the Functions host's semantics and host.json's
/// <c>extensions.queues</c> (<see cref="QueueHostOptions"/>): base64 messages, invisible while processed, visible
/// again <c>visibilityTimeout</c> after a failure, moved to <c>&lt;queue&gt;-poison</c> after <c>maxDequeueCount</c>
/// attempts (or at once when the message cannot be decoded), deleted on success.
/// </summary>
internal sealed class QueueTriggerListener(
    FunctionCatalog catalog,
    IServiceScopeFactory scopes,
    IOptions<DevHostOptions> options,
    IOptions<QueueHostOptions> hostJson,
    ILogger<QueueTriggerListener> logger) : BackgroundService
{
    /// <summary>The Functions host's shortest wait between polls of an idle queue.</summary>
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    private readonly QueueHostOptions _queues = hostJson.Value;
    private readonly TimeSpan _lease = TimeSpan.FromSeconds(Math.Max(1, options.Value.QueueMessageLeaseSeconds));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(catalog.Enabled(f => f.Queue is not null).Select(f => ListenAsync(f, stoppingToken)));

    private async Task ListenAsync(FunctionDescriptor function, CancellationToken stoppingToken)
    {
        var binding = function.Queue!;
        var poison = new QueueClient(binding.ConnectionString, binding.PoisonQueueName, ClientOptions());
        var queueOptions = ClientOptions();
        // A message that is not base64 never reaches the function; the host sends it straight to poison.
        queueOptions.MessageDecodingFailed += args => MoveUndecodableAsync(function, args, poison);
        var queue = new QueueClient(binding.ConnectionString, binding.QueueName, queueOptions);

        var maxPolling = _queues.MaxPollingInterval < MinPollingInterval ? MinPollingInterval : _queues.MaxPollingInterval;
        var polling = MinPollingInterval;
        var batchSize = Math.Clamp(_queues.BatchSize, 1, 32);
        var idle = polling;
        var ready = false;
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!ready)
                {
                    await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                    ready = true;
                }

                QueueMessage[] messages = await queue.ReceiveMessagesAsync(batchSize, _lease, stoppingToken);
                if (failing)
                {
                    logger.LogInformation("Queue {QueueName} is reachable again", binding.QueueName);
                    failing = false;
                }

                if (messages.Length == 0)
                {
                    // Back off while idle, as the host does up to maxPollingInterval.
                    await Task.Delay(idle, stoppingToken);
                    idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, maxPolling.Ticks));
                    continue;
                }

                // Busy: the next poll follows at once, as in the host.
                idle = polling;
                await Task.WhenAll(messages.Select(m => ProcessAsync(function, queue, poison, m, stoppingToken)));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The listener must outlive any storage failure; an escaping exception would stop the host.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                // Storage down (Azurite not started?): warn once per outage, keep trying.
                if (!failing)
                {
                    logger.LogWarning("Queue {QueueName} for function {FunctionName} is unreachable ({ErrorCode}): {Reason}; retrying", binding.QueueName, function.Name, (ex as RequestFailedException)?.ErrorCode ?? ex.GetType().Name, ex.Message);
                    failing = true;
                }

                await DelayQuietly(maxPolling, stoppingToken);
            }
        }
    }

    private async Task ProcessAsync(FunctionDescriptor function, QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            // A message already past the limit (say the host stopped mid-attempt) is not tried again.
            if (message.DequeueCount > _queues.MaxDequeueCount)
            {
                await MoveToPoisonAsync(queue, poison, message, message.PopReceipt);
                LogOutcome(LogLevel.Warning, null, function, message, "MovedToPoison", started);
                return;
            }

            using var lease = new MessageLease(queue, message, _lease, logger);
            Exception? failure = null;
            await using (var scope = scopes.CreateAsyncScope())
            {
                try
                {
                    await FunctionInvoker.InvokeAsync(new FunctionInvocation(function, scope.ServiceProvider, stoppingToken) { QueueMessage = message });
                }
#pragma warning disable CA1031 // Any failure of the function is a failed attempt, as in the Functions host.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failure = ex;
                }
            }

            var popReceipt = await lease.StopAsync();
            if (failure is null)
            {
                await queue.DeleteMessageAsync(message.MessageId, popReceipt, CancellationToken.None);
                LogOutcome(LogLevel.Information, null, function, message, "Succeeded", started);
            }
            else if (message.DequeueCount >= _queues.MaxDequeueCount)
            {
                await MoveToPoisonAsync(queue, poison, message, popReceipt);
                LogOutcome(LogLevel.Error, failure, function, message, "FailedMovedToPoison", started);
            }
            else
            {
                // Retried once host.json's visibilityTimeout has passed.
                await queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: _queues.VisibilityTimeout, cancellationToken: CancellationToken.None);
                LogOutcome(LogLevel.Warning, failure, function, message, "FailedWillRetry", started);
            }
        }
#pragma warning disable CA1031 // Losing the lease or the connection only means the message comes back.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogWarning("Function {FunctionName} could not complete message {MessageId} (dequeue count {DequeueCount}) on {QueueName}: {ErrorCode}", function.Name, message.MessageId, message.DequeueCount, queue.Name, (ex as RequestFailedException)?.ErrorCode ?? ex.GetType().Name);
        }
    }

    private async Task MoveUndecodableAsync(FunctionDescriptor function, QueueMessageDecodingFailedEventArgs args, QueueClient poison)
    {
        if (args.ReceivedMessage is not { } message)
        {
            return;
        }

        await MoveToPoisonAsync(args.Queue, poison, message, message.PopReceipt);
        logger.LogWarning(
            "Queue function {FunctionName} {Outcome} message {MessageId} (dequeue count {DequeueCount}): it is not valid base64",
            function.Name, "MovedToPoisonUndecodable", message.MessageId, message.DequeueCount);
    }

    private static async Task MoveToPoisonAsync(QueueClient queue, QueueClient poison, QueueMessage message, string popReceipt)
    {
        // Copy first, then delete: a crash in between duplicates into poison rather than losing the message.
        await poison.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
        await poison.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None);
        await queue.DeleteMessageAsync(message.MessageId, popReceipt, CancellationToken.None);
    }

    private void LogOutcome(LogLevel level, Exception? failure, FunctionDescriptor function, QueueMessage message, string outcome, long started)
    {
        // Never the body: messages carry personal data.
#pragma warning disable CA2254 // The template is constant; only the level varies.
        logger.Log(
            level,
            failure,
            "Queue function {FunctionName} {Outcome} message {MessageId} (dequeue count {DequeueCount}) in {ElapsedMilliseconds} ms",
            function.Name, outcome, message.MessageId, message.DequeueCount, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
#pragma warning restore CA2254
    }

    // Base64 as the Functions host reads messages. The service version is pinned, as in shared/Storage:
    // Azurite 3.37.0 rejects the SDK's newer default unless started with --skipApiVersionCheck.
    private static QueueClientOptions ClientOptions() =>
        new(QueueClientOptions.ServiceVersion.V2026_06_06) { MessageEncoding = QueueMessageEncoding.Base64 };

    private static async Task DelayQuietly(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
