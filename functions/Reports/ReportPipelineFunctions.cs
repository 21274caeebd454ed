using EntryExit.Core.Reports;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace EntryExit.Functions.Reports;

/// <summary>The queue and timer stages of the report pipeline. Each message is a bare report number.</summary>
public sealed partial class ReportPipelineFunctions(ReportRenderStage renderStage, ReportMailer mailer, ReportPurger purger, StuckReports stuck, ILogger<ReportPipelineFunctions> logger)
{
    [Function("RenderReport")]
    public Task Render([QueueTrigger(ReportQueues.Render)] string message, CancellationToken cancellationToken) =>
        WithNumber(message, number => renderStage.RenderAsync(number, cancellationToken));

    [Function("EmailReport")]
    public Task Email([QueueTrigger(ReportQueues.Email)] string message, CancellationToken cancellationToken) =>
        WithNumber(message, number => mailer.SendAsync(number, cancellationToken));

    [Function("PurgeExpiredReports")]
    public Task Purge([TimerTrigger("0 */15 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        purger.PurgeAsync(cancellationToken);

    [Function("RequeueStuckReports")]
    public Task Requeue([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        stuck.RequeueAsync(cancellationToken);

    private Task WithNumber(string message, Func<ReportNumber, Task> stage)
    {
        if (!ReportNumber.TryParse(message.Trim(), out var number))
        {
            // Retrying cannot make it a report number: drop it, loudly.
            LogMalformed(logger, message.Length);
            return Task.CompletedTask;
        }

        return stage(number);
    }

    [LoggerMessage(LogLevel.Error, "Dropped a queue message that is not a report number ({Length} characters)")]
    private static partial void LogMalformed(ILogger logger, int length);
}
