using EntryExit.DevHost.Tests.Samples;
using EntryExit.DevHost.Tests.Support;
using EntryExit.TestSupport;
using Microsoft.Azure.Functions.Worker;

namespace EntryExit.DevHost.Tests;

public sealed class TimerTriggerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task RunOnStartup_fires_once_when_the_host_starts()
    {
        await using var host = await RunningHost.StartAsync([typeof(StartupTimerFunction)]);

        var call = await Eventually.UntilAsync(() => Task.FromResult(host.Recorder.FirstOf("StartupTimer")), Timeout);

        var timer = (TimerInfo)call.Data!;
        timer.IsPastDue.Should().BeFalse();
        timer.ScheduleStatus!.Next.Month.Should().Be(1);
        timer.ScheduleStatus.Next.Day.Should().Be(1);
        timer.ScheduleStatus.Next.Should().BeAfter(DateTime.Now.AddSeconds(-5));
        // The outcome is logged after the function returns, so after the recorder saw the call.
        await Eventually.UntilAsync(
            () => Task.FromResult(host.Logs.Entries.Any(e => Equals(e["FunctionName"], "StartupTimer") && Equals(e["Outcome"], "Succeeded"))), Timeout);
    }

    [Fact]
    public async Task A_schedule_fires_each_slot_once()
    {
        await using var host = await RunningHost.StartAsync(
            [typeof(EverySecondTimerFunction)],
            new Dictionary<string, string?> { ["DevHostTests:EverySecond"] = "*/1 * * * * *" });

        await Eventually.UntilAsync(() => Task.FromResult(host.Recorder.Of("EverySecond").Count >= 3), Timeout);

        var nexts = host.Recorder.Of("EverySecond").Select(c => ((TimerInfo)c.Data!).ScheduleStatus!.Next).ToList();
        nexts.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems("no slot fires twice");
        nexts.Should().OnlyContain(n => n.Millisecond == 0, "slots are whole seconds, computed from the schedule");
    }
}
