using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EntryExit.DevHost;

/// <summary>One run of a function: its trigger data, its DI scope and its cancellation.</summary>
internal sealed class FunctionInvocation(FunctionDescriptor function, IServiceProvider services, CancellationToken cancellationToken)
{
    private FunctionContext? _context;

    public FunctionDescriptor Function { get; } = function;

    /// <summary>The per-invocation scope (the request's scope for HTTP), as the worker gives each invocation.</summary>
    public IServiceProvider Services { get; } = services;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public string InvocationId { get; } = Guid.NewGuid().ToString();

    public HttpContext? HttpContext { get; init; }

    public QueueMessage? QueueMessage { get; init; }

    public TimerInfo? TimerInfo { get; init; }

    /// <summary>Created only when a function asks for it.</summary>
    public FunctionContext FunctionContext => _context ??= new DevFunctionContext(this);
}
