using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using EntryExit.DevHost.Tests.Samples;
using EntryExit.DevHost.Tests.Support;
using EntryExit.TestSupport;
using Microsoft.Extensions.Logging;

namespace EntryExit.DevHost.Tests;

/// <summary>Queue triggers against a real Azurite, with the Functions host's retry and poison semantics.</summary>
[Collection(DevHostStorage.Name)]
public sealed class QueueTriggerTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly string _queueName = "q" + Guid.NewGuid().ToString("N")[..20];

    [Fact]
    public async Task A_message_is_processed_once_and_deleted_without_its_body_in_the_logs()
    {
        await using var host = await StartAsync<EchoQueueFunction>("DevHostTests:EchoQueue");
        var queue = Client(_queueName);
        // The listener creates its queue; sending only works once it exists.
        await Eventually.UntilAsync(async () => (await queue.ExistsAsync()).Value, Timeout, because: "the host creates a missing queue");

        var sent = await queue.SendMessageAsync("hello body-marker-8d1c");

        var call = await Eventually.UntilAsync(() => Task.FromResult(host.Recorder.FirstOf("EchoQueue")), Timeout);
        call.Data.Should().Be(new EchoCall("hello body-marker-8d1c", sent.Value.MessageId, 1, "EchoQueue"));
        await Eventually.UntilAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, Timeout, because: "success deletes");
        await Eventually.UntilAsync(() => Task.FromResult(host.Logs.Entries.Any(e => Equals(e["Outcome"], "Succeeded"))), Timeout);
        var outcome = host.Logs.Entries.Single(e => Equals(e["Outcome"], "Succeeded"));
        outcome["FunctionName"].Should().Be("EchoQueue");
        outcome["MessageId"].Should().Be(sent.Value.MessageId);
        outcome["DequeueCount"].Should().Be(1L);
        host.Recorder.Of("EchoQueue").Should().ContainSingle();
        host.Logs.Entries.Should().NotContain(e => e.Message.Contains("body-marker", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_that_always_fails_moves_to_poison_after_five_attempts()
    {
        // host.json's maxDequeueCount (5), each failure retried at once rather than after visibilityTimeout.
        await using var host = await StartAsync<FailingQueueFunction>("DevHostTests:FailingQueue", hostJson: RetryAtOnce);
        var queue = Client(_queueName);
        var poison = Client(_queueName + "-poison");
        await queue.CreateIfNotExistsAsync();

        await queue.SendMessageAsync("doomed");

        var moved = await Eventually.UntilAsync(
            async () => (await poison.ExistsAsync()).Value ? (await poison.PeekMessagesAsync(maxMessages: 1)).Value.FirstOrDefault() : null,
            Timeout,
            because: "the fifth failure moves the message to the poison queue");
        moved.Body.ToString().Should().Be("doomed");
        (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount.Should().Be(0, "the original is deleted");
        host.Recorder.Of("FailingQueue").Select(c => c.Data).Should().Equal(1L, 2L, 3L, 4L, 5L);
        // The outcome is logged just after the move.
        await Eventually.UntilAsync(() => Task.FromResult(host.Logs.Entries.Any(e => Equals(e["Outcome"], "FailedMovedToPoison"))), Timeout);
        var outcomes = host.Logs.Entries.Where(e => Equals(e["FunctionName"], "FailingQueue") && e["Outcome"] is not null).ToList();
        outcomes.Select(e => e["Outcome"]).Should().Equal("FailedWillRetry", "FailedWillRetry", "FailedWillRetry", "FailedWillRetry", "FailedMovedToPoison");
        outcomes.Last().Level.Should().Be(LogLevel.Error);
        outcomes.Should().OnlyContain(e => e.Exception is InvalidOperationException);
    }

    [Fact]
    public async Task A_message_that_is_not_base64_goes_straight_to_poison()
    {
        await using var host = await StartAsync<EchoQueueFunction>("DevHostTests:EchoQueue");
        // A producer that forgot the encoding: raw text on the queue.
        var raw = new QueueClient(azurite.ConnectionString, _queueName);
        var poison = Client(_queueName + "-poison");
        await raw.CreateIfNotExistsAsync();

        await raw.SendMessageAsync("not base64 !! {\"x\":1}");

        var moved = await Eventually.UntilAsync(
            async () => (await poison.ExistsAsync()).Value ? (await poison.PeekMessagesAsync(maxMessages: 1)).Value.FirstOrDefault() : null,
            Timeout);
        moved.Body.ToString().Should().Be("not base64 !! {\"x\":1}");
        // The host copies the message to poison first, then deletes it here: wait for the delete, don't race it.
        await Eventually.UntilAsync(async () => (await raw.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, Timeout);
        host.Recorder.Of("EchoQueue").Should().BeEmpty("the function never sees an undecodable message");
        await Eventually.UntilAsync(() => Task.FromResult(host.Logs.Entries.Any(e => Equals(e["Outcome"], "MovedToPoisonUndecodable"))), Timeout);
    }

    [Fact]
    public async Task A_long_run_keeps_its_message_invisible_and_runs_once()
    {
        await using var host = await StartAsync<SlowQueueFunction>("DevHostTests:SlowQueue", leaseSeconds: 2);
        var queue = Client(_queueName);
        await queue.CreateIfNotExistsAsync();

        await queue.SendMessageAsync("slow work");
        await Eventually.UntilAsync(() => Task.FromResult(host.Recorder.Of("SlowQueue:start").Count == 1), Timeout);
        // Longer than the visibility timeout: without renewal the message would be visible (and taken) again.
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        var visibleWhileRunning = (await queue.PeekMessagesAsync(maxMessages: 32)).Value.Length;
        host.Recorder.Gate.SetResult();

        await Eventually.UntilAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, Timeout);
        visibleWhileRunning.Should().Be(0);
        host.Recorder.Of("SlowQueue:start").Select(c => c.Data).Should().Equal(1L);
        host.Recorder.Of("SlowQueue:end").Select(c => c.Data).Should().Equal("slow work");
    }

    [Fact]
    public async Task A_json_message_binds_to_a_record()
    {
        await using var host = await StartAsync<OrderQueueFunction>("DevHostTests:OrderQueue");
        var queue = Client(_queueName);
        await queue.CreateIfNotExistsAsync();

        await queue.SendMessageAsync("""{"orderId":"A-1","quantity":2}""");

        var call = await Eventually.UntilAsync(() => Task.FromResult(host.Recorder.FirstOf("OrderQueue")), Timeout);
        call.Data.Should().Be(new OrderPlaced("A-1", 2));
    }

    internal static void RetryAtOnce(JsonObject hostJson) => hostJson["extensions"]!["queues"]!["visibilityTimeout"] = "00:00:00";

    private Task<RunningHost> StartAsync<TFunction>(string queueSetting, int leaseSeconds = 30, Action<JsonObject>? hostJson = null) =>
        RunningHost.StartAsync(
            [typeof(TFunction)],
            new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                [queueSetting] = _queueName,
                ["DevHost:QueueMessageLeaseSeconds"] = leaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            hostJson);

    // Producers and readers in the tests encode as the host expects (and as the Functions host does): base64.
    private QueueClient Client(string name) =>
        new(azurite.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
}
