using System.Net;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using EntryExit.DevHost.Tests.Samples;
using EntryExit.DevHost.Tests.Support;
using EntryExit.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EntryExit.DevHost.Tests;

/// <summary>
/// The host follows host.json — a copy in a temp folder, changed by each test — as the Functions host does: route
/// prefix, queue batch size, retry delay (visibilityTimeout), attempts (maxDequeueCount) and idle polling interval.
/// </summary>
[Collection(DevHostStorage.Name)]
public sealed class HostJsonTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly string _queueName = "q" + Guid.NewGuid().ToString("N")[..20];

    [Fact]
    public async Task Every_queue_setting_of_host_json_reaches_the_host()
    {
        await using var host = await RunningHost.StartAsync([typeof(StaticFunctions)], hostJson: json => json["extensions"]!["queues"] = new JsonObject
        {
            ["batchSize"] = 3,
            ["visibilityTimeout"] = "00:00:07",
            ["maxDequeueCount"] = 9,
            ["maxPollingInterval"] = "00:00:04",
        });

        var queues = host.App.Services.GetRequiredService<IOptions<QueueHostOptions>>().Value;
        (queues.BatchSize, queues.VisibilityTimeout, queues.MaxDequeueCount, queues.MaxPollingInterval)
            .Should().Be((3, TimeSpan.FromSeconds(7), 9, TimeSpan.FromSeconds(4)));
    }

    [Theory]
    [InlineData("", "/ping", "/api/ping")]
    [InlineData("v1", "/v1/ping", "/api/ping")]
    [InlineData(null, "/api/ping", "/ping")]
    public async Task Routes_live_under_the_route_prefix_of_host_json(string? routePrefix, string served, string notServed)
    {
        await using var host = await RunningHost.StartAsync([typeof(StaticFunctions)], hostJson: json =>
        {
            if (routePrefix is not null)
            {
                json["extensions"]!["http"] = new JsonObject { ["routePrefix"] = routePrefix };
            }
        });

        (await host.Client.GetAsync(served)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await host.Client.GetAsync(notServed)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_failed_message_goes_to_poison_after_maxDequeueCount_attempts()
    {
        await using var host = await StartAsync<FailingQueueFunction>("DevHostTests:FailingQueue", queues =>
        {
            queues["maxDequeueCount"] = 2;
            queues["visibilityTimeout"] = "00:00:00";
        });
        var poison = Client(_queueName + "-poison");
        await Client(_queueName).SendMessageAsync("doomed");

        await Eventually.UntilAsync(
            async () => (await poison.ExistsAsync()).Value && (await poison.PeekMessagesAsync(maxMessages: 1)).Value.Length == 1,
            Timeout,
            because: "the second failure moves the message to poison");
        host.Recorder.Of("FailingQueue").Select(c => c.Data).Should().Equal(1L, 2L);
    }

    [Fact]
    public async Task A_failed_message_stays_invisible_for_the_visibilityTimeout_before_its_retry()
    {
        await using var host = await StartAsync<FailingQueueFunction>("DevHostTests:FailingQueue", queues => queues["visibilityTimeout"] = "01:00:00");
        var queue = Client(_queueName);
        await queue.SendMessageAsync("later");

        await Eventually.UntilAsync(() => Task.FromResult(host.Logs.Entries.Any(e => Equals(e["Outcome"], "FailedWillRetry"))), Timeout);

        (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount.Should().Be(1, "the message is kept");
        (await queue.PeekMessagesAsync(maxMessages: 32)).Value.Should().BeEmpty("it is hidden for an hour, not released at once");
        host.Recorder.Of("FailingQueue").Should().ContainSingle();
    }

    [Fact]
    public async Task A_poll_takes_at_most_batchSize_messages()
    {
        var queue = Client(_queueName);
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("first");
        await queue.SendMessageAsync("second");
        await using var host = await StartAsync<SlowQueueFunction>("DevHostTests:SlowQueue", queues => queues["batchSize"] = 1);

        await Eventually.UntilAsync(() => Task.FromResult(host.Recorder.FirstOf("SlowQueue:start")), Timeout);

        (await queue.PeekMessagesAsync(maxMessages: 32)).Value.Should().ContainSingle("one message runs, the other waits for the next poll");
        host.Recorder.Of("SlowQueue:start").Should().ContainSingle();
        host.Recorder.Gate.SetResult();
        await Eventually.UntilAsync(() => Task.FromResult(host.Recorder.Of("SlowQueue:end").Count == 2), Timeout);
    }

    private async Task<RunningHost> StartAsync<TFunction>(string queueSetting, Action<JsonObject> changeQueues)
    {
        await Client(_queueName).CreateIfNotExistsAsync();
        return await RunningHost.StartAsync(
            [typeof(TFunction)],
            new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString, [queueSetting] = _queueName },
            json => changeQueues(json["extensions"]!["queues"]!.AsObject()));
    }

    private QueueClient Client(string name) =>
        new(azurite.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
}
