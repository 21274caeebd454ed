using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EntryExit.DevHost;

/// <summary>Maps each HTTP-triggered function to <c>/&lt;route prefix&gt;/&lt;route&gt;</c> (host.json; <c>api</c> by default) with its methods and key level.</summary>
internal static class HttpFunctionEndpoints
{
    /// <summary>Adds one endpoint per enabled HTTP function of the catalog.</summary>
    public static IEndpointRouteBuilder MapHttpFunctions(this IEndpointRouteBuilder endpoints, FunctionCatalog catalog)
    {
        var services = endpoints.ServiceProvider;
        var options = services.GetRequiredService<IOptions<DevHostOptions>>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HttpFunctionEndpoints).FullName!);
        foreach (var function in catalog.Enabled(f => f.Http is not null))
        {
            var http = function.Http!;
            RequestDelegate handler = context => InvokeAsync(function, context, options.Value.FunctionKey, logger);
            var endpoint = http.Methods.Count == 0
                ? endpoints.Map(http.Pattern, handler)
                : endpoints.MapMethods(http.Pattern, http.Methods, handler);
            endpoint.WithDisplayName(function.Name);
        }

        return endpoints;
    }

    private static async Task InvokeAsync(FunctionDescriptor function, HttpContext context, string? functionKey, ILogger logger)
    {
        if (!FunctionKeyCheck.IsAuthorized(context.Request, function.Http!.Level, functionKey))
        {
            // As the Functions host: 401 with no body.
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        // The request's scope is this invocation's scope: one per request, disposed with it.
        var invocation = new FunctionInvocation(function, context.RequestServices, context.RequestAborted) { HttpContext = context };
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await FunctionInvoker.InvokeAsync(invocation);
            await WriteResultAsync(function, context, result, logger);
        }
        catch (FunctionBindingException ex)
        {
            logger.LogWarning("HTTP function {FunctionName} (invocation {InvocationId}) rejected the request: {Reason}", function.Name, invocation.InvocationId, ex.Message);
            await WriteProblemAsync(context, StatusCodes.Status400BadRequest, "The request could not be bound.", ex.Message, invocation.InvocationId);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            logger.LogInformation("HTTP function {FunctionName} (invocation {InvocationId}) stopped: the client went away", function.Name, invocation.InvocationId);
            return;
        }
#pragma warning disable CA1031 // What the app's middleware lets through is a bare 500, as in the Functions host; the host keeps running.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // The error contract belongs to the app's worker middleware (run above), not to this host.
            logger.LogError(ex, "HTTP function {FunctionName} (invocation {InvocationId}) failed outside the app's middleware", function.Name, invocation.InvocationId);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }
        }

        logger.LogInformation(
            "HTTP function {FunctionName} (invocation {InvocationId}) answered {StatusCode} in {ElapsedMilliseconds} ms",
            function.Name, invocation.InvocationId, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private static async Task WriteResultAsync(FunctionDescriptor function, HttpContext context, object? result, ILogger logger)
    {
        switch (result)
        {
            case null:
                return;
            case IActionResult actionResult:
                // Exactly what the worker's ASP.NET Core integration does (needs AddMvcCore()).
                await actionResult.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
                return;
            case IResult httpResult:
                await httpResult.ExecuteAsync(context);
                return;
            default:
                // The worker drops such a value too; say so rather than invent a response.
                logger.LogWarning("HTTP function {FunctionName} returned a {ResultType}, which is not written; return IActionResult or IResult", function.Name, result.GetType().Name);
                return;
        }
    }

    private static Task WriteProblemAsync(HttpContext context, int status, string title, string? detail, string invocationId) =>
        Results.Problem(
            statusCode: status,
            title: title,
            detail: detail,
            extensions: new Dictionary<string, object?> { ["invocationId"] = invocationId })
        .ExecuteAsync(context);
}
