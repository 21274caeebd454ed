using EntryExit.Core.Import;
using Microsoft.Azure.Functions.Worker;

namespace EntryExit.Functions.Import;

/// <summary>Puts imports that a crash left queued or running back on the import queue.</summary>
public sealed class StuckImportsFunction(StuckImports stuck)
{
    [Function("RequeueStuckImports")]
    public Task Run([TimerTrigger("30 */5 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        stuck.RequeueAsync(cancellationToken);
}
