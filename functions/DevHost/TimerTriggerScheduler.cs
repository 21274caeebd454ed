using System.Diagnostics;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EntryExit.DevHost;

/// <summary>
/// Runs timer-triggered functions on their schedules (and once at start-up when <c>RunOnStartup</c>).
/// Times are wall-clock in <c>WEBSITE_TIME_ZONE</c> when set, else the machine's zone, as Core Tools does.
/// </summary>
internal sealed class TimerTriggerScheduler(
    FunctionCatalog catalog,
    IServiceScopeFactory scopes,
    IConfiguration configuration,
    ILogger<TimerTriggerScheduler> logger) : BackgroundService
{
    // The real clock on purpose: the app's TimeProvider may be a fake in tests, which would stop the timers.
    private readonly TimeProvider _clock = TimeProvider.System;
    private readonly TimeZoneInfo _zone = configuration["WEBSITE_TIME_ZONE"] is { Length: > 0 } zone
        ? TimeZoneInfo.FindSystemTimeZoneById(zone)
        : TimeZoneInfo.Local;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(catalog.Enabled(f => f.Timer is not null).Select(f => RunAsync(f, stoppingToken)));

    private DateTime Now => TimeZoneInfo.ConvertTime(_clock.GetUtcNow(), _zone).DateTime;

    private async Task RunAsync(FunctionDescriptor function, CancellationToken stoppingToken)
    {
        var schedule = function.Timer!.Schedule;
        try
        {
            DateTime? last = null;
            if (function.Timer.RunOnStartup)
            {
                await InvokeAsync(function, last: null, next: schedule.Next(Now), pastDue: false, stoppingToken);
            }

            var due = schedule.Next(Now);
            while (!stoppingToken.IsCancellationRequested)
            {
                await DelayUntilAsync(due, stoppingToken);
                // The next slot comes from the one just due, not from now: Task.Delay may wake a little
                // early, and "next after now" would then be this same slot again (a double fire).
                var next = schedule.Next(due);
                var now = Now;
                await InvokeAsync(function, last, next, pastDue: now >= next, stoppingToken);
                last = due;
                // Slots missed while the function ran are skipped, as the host runs at most one late invocation.
                due = next > Now ? next : schedule.Next(Now);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DelayUntilAsync(DateTime due, CancellationToken stoppingToken)
    {
        for (var remaining = due - Now; remaining > TimeSpan.Zero; remaining = due - Now)
        {
            // Task.Delay caps near 49 days; long waits go in one-day steps.
            var step = remaining < TimeSpan.FromDays(1) ? remaining : TimeSpan.FromDays(1);
            await Task.Delay(step, _clock, stoppingToken);
        }
    }

    private async Task InvokeAsync(FunctionDescriptor function, DateTime? last, DateTime next, bool pastDue, CancellationToken stoppingToken)
    {
        var timer = new TimerInfo
        {
            ScheduleStatus = new ScheduleStatus { Last = last ?? default, Next = next, LastUpdated = Now },
            IsPastDue = pastDue,
        };
        var started = Stopwatch.GetTimestamp();
        var invocationId = "";
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var invocation = new FunctionInvocation(function, scope.ServiceProvider, stoppingToken) { TimerInfo = timer };
            invocationId = invocation.InvocationId;
            await FunctionInvoker.InvokeAsync(invocation);
            logger.LogInformation(
                "Timer function {FunctionName} (invocation {InvocationId}) {Outcome} in {ElapsedMilliseconds} ms; next run {NextRun:O}",
                function.Name, invocationId, "Succeeded", Stopwatch.GetElapsedTime(started).TotalMilliseconds, next);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failing run is logged and the schedule goes on, as in the Functions host.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogError(
                ex,
                "Timer function {FunctionName} (invocation {InvocationId}) {Outcome} in {ElapsedMilliseconds} ms; next run {NextRun:O}",
                function.Name, invocationId, "Failed", Stopwatch.GetElapsedTime(started).TotalMilliseconds, next);
        }
    }
}
