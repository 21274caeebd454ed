using System.Diagnostics;
using System.Reflection;
using EntryExit.Functions.Middleware;
using Microsoft.Extensions.DependencyInjection;

namespace EntryExit.DevHost;

/// <summary>Binds the parameters, creates the function's class in the invocation scope and awaits the method.</summary>
internal static class FunctionInvoker
{
    /// <summary>A span per invocation, as the worker's <c>Microsoft.Azure.Functions.Worker</c> source makes in Azure.</summary>
    public static readonly ActivitySource Source = new("EntryExit.DevHost");

    /// <summary>
    /// Runs the function inside the app's worker middleware and returns its result (null for void/Task, or when the
    /// middleware answered instead). Exceptions the middleware lets through propagate unwrapped; binding failures
    /// throw <see cref="FunctionBindingException"/> before the pipeline runs.
    /// </summary>
    public static async Task<object?> InvokeAsync(FunctionInvocation invocation)
    {
        var function = invocation.Function;
        using var activity = Source.StartActivity($"Invoke {function.Name}", ActivityKind.Internal);
        activity?.SetTag("faas.name", function.Name);
        activity?.SetTag("faas.trigger", function.Http is not null ? "http" : function.Queue is not null ? "pubsub" : "timer");
        activity?.SetTag("faas.invocation_id", invocation.InvocationId);
        try
        {
            return await RunAsync(invocation);
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
    }

    private static async Task<object?> RunAsync(FunctionInvocation invocation)
    {
        var function = invocation.Function;
        var arguments = new object?[function.Parameters.Count];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = await ParameterBinder.BindAsync(function.Parameters[i], invocation);
        }

        // The app's worker middleware runs around the function exactly as in the Functions worker (issue 11: one error contract).
        object? result = null;
        var pipeline = WorkerMiddleware.Wrap(async _ => result = await RunAsync(function, invocation, arguments));
        await pipeline(invocation.FunctionContext);
        return result;
    }

    private static async Task<object?> RunAsync(FunctionDescriptor function, FunctionInvocation invocation, object?[] arguments)
    {
        // As the worker does: a new instance per invocation, constructor services from the invocation scope.
        var instance = function.Method.IsStatic
            ? null
            : ActivatorUtilities.CreateInstance(invocation.Services, function.Method.DeclaringType!);
        try
        {
            var returned = function.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
            return await AwaitAsync(function.Method.ReturnType, returned);
        }
        finally
        {
            switch (instance)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    // The declared type decides: an `async Task` method's runtime type is Task<VoidTaskResult>.
    private static async Task<object?> AwaitAsync(Type declared, object? returned)
    {
        switch (returned)
        {
            case null:
                return null;
            case ValueTask valueTask:
                await valueTask;
                return null;
            case Task task when declared == typeof(Task):
                await task;
                return null;
            case Task task:
                await task;
                return declared.GetProperty(nameof(Task<object>.Result))!.GetValue(task);
        }

        if (declared.IsGenericType && declared.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            var task = (Task)declared.GetMethod(nameof(ValueTask<object>.AsTask))!.Invoke(returned, null)!;
            await task;
            return task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task);
        }

        return returned;
    }
}
