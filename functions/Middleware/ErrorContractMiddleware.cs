using System.Diagnostics;
using EntryExit.Core.Problems;
using EntryExit.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace EntryExit.Functions.Middleware;

/// <summary>
/// SPEC §5: an unexpected failure of an HTTP function is 500 problem+json <c>internal_error</c> with a <c>traceId</c>
/// operators find in the logs, never a stack trace or an empty body. The Functions worker alone would answer a bare
/// 500; the development host runs this same class, so both answer alike. Queue and timer failures pass through: their
/// retries and poison queues depend on the exception.
/// </summary>
public sealed partial class ErrorContractMiddleware(ILogger<ErrorContractMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context);
        }
        catch (Exception e) when (context.GetHttpContext() is { } http && !http.RequestAborted.IsCancellationRequested)
        {
            var traceId = TraceIdOf(context);
            LogUnhandled(logger, e, context.FunctionDefinition.Name, context.InvocationId, traceId);
            if (http.Response.HasStarted)
            {
                // Part of a body is out: nothing honest can follow it, so the client sees the connection end.
                http.Abort();
                return;
            }

            http.Response.Clear();
            await ApiResults.Problem(ApiProblems.InternalError(traceId)).ExecuteResultAsync(new ActionContext { HttpContext = http });
        }
    }

    /// <summary>The W3C trace id of the invocation (Application Insights' operation id), else of the current activity, else a new one.</summary>
    public static string TraceIdOf(FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // traceparent: 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>; an all-zero trace id is invalid.
        var parent = context.TraceContext?.TraceParent;
        if (parent is { Length: 55 } && parent.StartsWith("00-", StringComparison.Ordinal) && parent[35] == '-')
        {
            var traceId = parent.AsSpan(3, 32);
            if (traceId.ContainsAnyExcept('0') && IsLowerHex(traceId))
            {
                return traceId.ToString();
            }
        }

        return Activity.Current is { TraceId: var id } && id != default ? id.ToHexString() : ActivityTraceId.CreateRandom().ToHexString();
    }

    private static bool IsLowerHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    [LoggerMessage(LogLevel.Error, "HTTP function {FunctionName} (invocation {InvocationId}) failed; answered internal_error with trace {TraceId}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string functionName, string invocationId, string traceId);
}
