using EntryExit.DevHost.Tests.Support;
using Microsoft.Azure.Functions.Worker;

namespace EntryExit.DevHost.Tests.Samples;

public sealed class StartupTimerFunction(SampleRecorder recorder)
{
    // Once a year at midnight on 1 January: within a test, only RunOnStartup can fire it.
    [Function("StartupTimer")]
    public void Run([TimerTrigger("0 0 0 1 1 *", RunOnStartup = true)] TimerInfo timer) => recorder.Record("StartupTimer", timer);
}

public sealed class EverySecondTimerFunction(SampleRecorder recorder)
{
    [Function("EverySecond")]
    public void Run([TimerTrigger("%DevHostTests:EverySecond%")] TimerInfo timer, CancellationToken cancellationToken) =>
        recorder.Record("EverySecond", timer);
}
