using Azure.Storage.Queues.Models;
using EntryExit.DevHost.Tests.Support;
using Microsoft.Azure.Functions.Worker;

namespace EntryExit.DevHost.Tests.Samples;

public sealed record EchoCall(string Message, string Id, long DequeueCount, string FunctionName);

public sealed record OrderPlaced(string OrderId, int Quantity);

public sealed class EchoQueueFunction(SampleRecorder recorder)
{
    [Function("EchoQueue")]
    public void Run([QueueTrigger("%DevHostTests:EchoQueue%")] string message, string id, long dequeueCount, FunctionContext context) =>
        recorder.Record("EchoQueue", new EchoCall(message, id, dequeueCount, context.FunctionDefinition.Name));
}

public sealed class FailingQueueFunction(SampleRecorder recorder)
{
    [Function("FailingQueue")]
    public Task Run([QueueTrigger("%DevHostTests:FailingQueue%")] QueueMessage message)
    {
        recorder.Record("FailingQueue", message.DequeueCount);
        throw new InvalidOperationException("always fails");
    }
}

public sealed class SlowQueueFunction(SampleRecorder recorder)
{
    [Function("SlowQueue")]
    public async Task Run([QueueTrigger("%DevHostTests:SlowQueue%")] BinaryData body, long dequeueCount, CancellationToken cancellationToken)
    {
        recorder.Record("SlowQueue:start", dequeueCount);
        await recorder.Gate.Task.WaitAsync(cancellationToken);
        recorder.Record("SlowQueue:end", body.ToString());
    }
}

public sealed class OrderQueueFunction(SampleRecorder recorder)
{
    [Function("OrderQueue")]
    public void Run([QueueTrigger("%DevHostTests:OrderQueue%")] OrderPlaced order) => recorder.Record("OrderQueue", order);
}
