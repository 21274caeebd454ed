using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace EntryExit.DevHost;

/// <summary>One discovered function: its method, how each parameter is bound and what triggers it.</summary>
internal sealed class FunctionDescriptor
{
    public required string Name { get; init; }

    public required MethodInfo Method { get; init; }

    public required IReadOnlyList<ParameterBinding> Parameters { get; init; }

    /// <summary>True when the setting <c>AzureWebJobs.&lt;Name&gt;.Disabled</c> is true, as in the Functions host.</summary>
    public bool Disabled { get; init; }

    public HttpBinding? Http { get; init; }

    public QueueBinding? Queue { get; init; }

    public TimerBinding? Timer { get; init; }

    /// <summary>A one-line description for the start-up log (never includes secrets).</summary>
    public string Describe() => (Http, Queue, Timer) switch
    {
        ({ } http, _, _) => $"http {(http.Methods.Count == 0 ? "ANY" : string.Join(',', http.Methods))} /{http.Pattern} ({http.Level})",
        (_, { } queue, _) => $"queue {queue.QueueName} (poison: {queue.PoisonQueueName})",
        (_, _, { } timer) => $"timer '{timer.Expression}'{(timer.RunOnStartup ? " (run on startup)" : "")}",
        _ => "unknown",
    };
}

/// <summary>An HTTP trigger: the route pattern (with the <c>api/</c> prefix), its methods and key level.</summary>
internal sealed record HttpBinding(string Pattern, IReadOnlyList<string> Methods, AuthorizationLevel Level);

/// <summary>A queue trigger: the resolved, lower-case queue name and the storage connection string.</summary>
internal sealed record QueueBinding(string QueueName, string ConnectionString)
{
    public string PoisonQueueName => QueueName + "-poison";

    // The connection string holds an account key: keep it out of logs and ToString().
    public override string ToString() => $"QueueBinding {{ QueueName = {QueueName} }}";
}

/// <summary>A timer trigger: the resolved expression, its schedule and whether it also runs at start-up.</summary>
internal sealed record TimerBinding(string Expression, TimerSchedule Schedule, bool RunOnStartup);

/// <summary>Where a parameter's value comes from at invocation.</summary>
internal enum BindingSource
{
    HttpRequest,
    HttpContext,
    CancellationToken,
    FunctionContext,
    RouteValue,
    Body,
    QueueMessage,
    QueueMetadata,
    TimerInfo,
}

/// <summary>How one parameter is bound; checked once at discovery so invocation cannot meet an unknown case.</summary>
internal sealed record ParameterBinding(ParameterInfo Parameter, BindingSource Source)
{
    public string Name => Parameter.Name!;

    public Type Type => Parameter.ParameterType;
}
