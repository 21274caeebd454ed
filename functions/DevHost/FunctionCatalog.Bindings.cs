using System.ComponentModel;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;

namespace EntryExit.DevHost;

/// <summary>The per-trigger rules of discovery: which parameters bind, and how each trigger's attribute is read.</summary>
internal sealed partial class FunctionCatalog
{
    // Binding-data names a queue-triggered function may take as plain parameters, as in the worker.
    private static readonly Dictionary<string, Type[]> QueueMetadataNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["id"] = [typeof(string)],
        ["popReceipt"] = [typeof(string)],
        ["dequeueCount"] = [typeof(long), typeof(int)],
        ["insertionTime"] = [typeof(DateTimeOffset), typeof(DateTimeOffset?)],
        ["expirationTime"] = [typeof(DateTimeOffset), typeof(DateTimeOffset?)],
        ["nextVisibleTime"] = [typeof(DateTimeOffset), typeof(DateTimeOffset?)],
    };

    private static BindingSource? CommonBinding(ParameterInfo parameter) => parameter.ParameterType switch
    {
        var t when t == typeof(CancellationToken) => BindingSource.CancellationToken,
        var t when t == typeof(FunctionContext) => BindingSource.FunctionContext,
        _ => null,
    };

    private static BindingSource? HttpTriggerBinding(ParameterInfo parameter, Func<string, InvalidOperationException> fail) =>
        parameter.ParameterType == typeof(HttpRequest)
            ? BindingSource.HttpRequest
            : throw fail($"parameter '{parameter.Name}': the [HttpTrigger] parameter must be HttpRequest (HttpRequestData needs the worker's internals).");

    private static BindingSource? TimerTriggerBinding(ParameterInfo parameter, Func<string, InvalidOperationException> fail) =>
        parameter.ParameterType == typeof(TimerInfo)
            ? BindingSource.TimerInfo
            : throw fail($"parameter '{parameter.Name}': the [TimerTrigger] parameter must be TimerInfo.");

    private static BindingSource? HttpBinding(ParameterInfo parameter, HashSet<string> routeNames, Func<string, InvalidOperationException> fail)
    {
        var attributes = parameter.GetCustomAttributes().ToList();
        if (attributes.Any(a => a is Microsoft.Azure.Functions.Worker.Http.FromBodyAttribute))
        {
            return BindingSource.Body;
        }

        if (attributes.Any(a => a is FromBodyAttribute))
        {
            throw fail($"parameter '{parameter.Name}': use Microsoft.Azure.Functions.Worker.Http.FromBodyAttribute, not the MVC one (the worker ignores it).");
        }

        if (parameter.ParameterType == typeof(HttpContext))
        {
            return BindingSource.HttpContext;
        }

        if (CommonBinding(parameter) is { } common)
        {
            return common;
        }

        if (!routeNames.Contains(parameter.Name!))
        {
            return null;
        }

        var target = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        return target == typeof(string) || TypeDescriptor.GetConverter(target).CanConvertFrom(typeof(string))
            ? BindingSource.RouteValue
            : throw fail($"route parameter '{parameter.Name}' has type {parameter.ParameterType.Name}, which cannot be converted from text.");
    }

    private static BindingSource? QueueBinding(ParameterInfo parameter) =>
        CommonBinding(parameter) ?? (QueueMetadataNames.TryGetValue(parameter.Name!, out var types) && types.Contains(parameter.ParameterType)
            ? BindingSource.QueueMetadata
            : null);

    private static (HttpBinding Binding, HashSet<string> RouteNames) DescribeHttp(HttpTriggerAttribute http, string name, string routePrefix, Func<string, InvalidOperationException> fail)
    {
        // As in the Functions host, a trigger without a route answers at <prefix>/<function name>; an empty prefix adds nothing.
        var route = (http.Route ?? name).Trim('/');
        var prefix = routePrefix.Trim('/');
        RoutePattern pattern;
        try
        {
            pattern = RoutePatternFactory.Parse(prefix.Length == 0 ? route : $"{prefix}/{route}");
        }
        catch (RoutePatternException ex)
        {
            throw fail($"route '{route}' is not a valid route template: {ex.Message}");
        }

        var methods = (http.Methods ?? []).Select(m => m.ToUpperInvariant()).Distinct().ToList();
        var routeNames = pattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return (new HttpBinding(pattern.RawText!, methods, http.AuthLevel), routeNames);
    }

    private static void CheckHttpResult(MethodInfo method, Func<string, InvalidOperationException> fail)
    {
        var result = ResultType(method);
        // The worker's ASP.NET Core integration writes only these; anything else would be silently dropped.
        if (result != typeof(void) && result != typeof(object)
            && !typeof(IActionResult).IsAssignableFrom(result) && !typeof(IResult).IsAssignableFrom(result))
        {
            throw fail($"it returns {result.Name}; an HTTP function returns IActionResult or IResult, or nothing and writes the response.");
        }
    }

    private static QueueBinding DescribeQueue(QueueTriggerAttribute queue, string name, IConfiguration configuration, Func<string, InvalidOperationException> fail)
    {
        // The Functions host lower-cases queue names before validating them.
        var queueName = SettingExpressions.Resolve(queue.QueueName, configuration, name).ToLowerInvariant();
        if (!QueueNameRule().IsMatch(queueName) || queueName.Contains("--", StringComparison.Ordinal) || queueName.Length > 63 - "-poison".Length)
        {
            throw fail($"'{queueName}' is not a valid queue name (3-56 characters: lower-case letters, digits, single hyphens).");
        }

        var connectionName = string.IsNullOrEmpty(queue.Connection) ? DefaultConnection : queue.Connection;
        var connection = (connectionName.StartsWith("AzureWebJobs", StringComparison.OrdinalIgnoreCase) ? null : configuration["AzureWebJobs" + connectionName])
            ?? configuration[connectionName]
            ?? configuration.GetConnectionString(connectionName)
            ?? throw fail($"the storage connection setting '{connectionName}' is not set (a connection string is needed; identity-based connections are not supported here).");
        return new QueueBinding(queueName, connection);
    }

    private static TimerBinding DescribeTimer(TimerTriggerAttribute timer, string name, IConfiguration configuration, Func<string, InvalidOperationException> fail)
    {
        var expression = SettingExpressions.Resolve(timer.Schedule, configuration, name);
        try
        {
            return new TimerBinding(expression, TimerSchedule.Parse(expression), timer.RunOnStartup);
        }
        catch (FormatException ex)
        {
            throw fail($"schedule: {ex.Message}");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex QueueNameRule();
}
