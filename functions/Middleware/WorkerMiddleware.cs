using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;

namespace EntryExit.Functions.Middleware;

/// <summary>
/// The app's worker middleware, outermost first. The Functions worker runs it through <see cref="UseEntryExitMiddleware"/>;
/// the development host cannot see what the worker registered, so it runs the same list through <see cref="Wrap"/>.
/// </summary>
public static class WorkerMiddleware
{
    public static IReadOnlyList<Type> Ordered { get; } = [typeof(ErrorContractMiddleware)];

    /// <summary>Registers each middleware class as a singleton (called by <see cref="ServiceRegistration.AddEntryExit"/>).</summary>
    public static IServiceCollection AddEntryExitMiddleware(this IServiceCollection services)
    {
        foreach (var type in Ordered)
        {
            services.AddSingleton(type);
        }

        return services;
    }

    /// <summary>Adds the list to the worker's pipeline, in order.</summary>
    public static IFunctionsWorkerApplicationBuilder UseEntryExitMiddleware(this IFunctionsWorkerApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var type in Ordered)
        {
            builder.Use(next => context => Resolve(context, type).Invoke(context, next));
        }

        return builder;
    }

    /// <summary>The function wrapped in the list, as the worker runs it.</summary>
    public static FunctionExecutionDelegate Wrap(FunctionExecutionDelegate function)
    {
        var pipeline = function;
        for (var i = Ordered.Count - 1; i >= 0; i--)
        {
            var type = Ordered[i];
            var next = pipeline;
            pipeline = context => Resolve(context, type).Invoke(context, next);
        }

        return pipeline;
    }

    private static IFunctionsWorkerMiddleware Resolve(FunctionContext context, Type type) =>
        (IFunctionsWorkerMiddleware)context.InstanceServices.GetRequiredService(type);
}
