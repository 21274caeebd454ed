using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;
using Microsoft.Extensions.Configuration;

namespace EntryExit.DevHost;

/// <summary>
/// Finds the functions by reflection from their attributes (<c>[Function]</c> + one trigger), so a new
/// function needs no change here, and checks at start-up that every parameter can be bound.
/// </summary>
internal sealed partial class FunctionCatalog
{
    /// <summary>The Functions host's default route prefix, when host.json sets no <c>extensions.http.routePrefix</c>.</summary>
    public const string DefaultRoutePrefix = "api";

    /// <summary>The connection setting a queue trigger uses when its attribute names none.</summary>
    public const string DefaultConnection = "AzureWebJobsStorage";

    private FunctionCatalog(IReadOnlyList<FunctionDescriptor> functions) => Functions = functions;

    /// <summary>Every discovered function, disabled ones included.</summary>
    public IReadOnlyList<FunctionDescriptor> Functions { get; }

    /// <summary>The enabled functions with the given trigger.</summary>
    public IEnumerable<FunctionDescriptor> Enabled(Func<FunctionDescriptor, bool> trigger) =>
        Functions.Where(f => !f.Disabled && trigger(f));

    /// <summary>
    /// Scans the public methods of <paramref name="types"/> for <c>[Function]</c>. Throws one
    /// <see cref="InvalidOperationException"/> listing every function that cannot run, naming it and the parameter.
    /// HTTP routes start with <paramref name="routePrefix"/> (<see cref="HostJson.RoutePrefix"/>), as in the Functions host.
    /// </summary>
    public static FunctionCatalog Create(IEnumerable<Type> types, IConfiguration configuration, string routePrefix = DefaultRoutePrefix)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        var functions = new List<FunctionDescriptor>();
        foreach (var type in types.Where(t => !t.IsGenericTypeDefinition).Distinct().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly);
            foreach (var method in methods.OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
                {
                    continue;
                }

                try
                {
                    functions.Add(Describe(type, method, function.Name, configuration, routePrefix));
                }
                catch (InvalidOperationException ex)
                {
                    problems.Add(ex.Message);
                }
            }
        }

        problems.AddRange(functions
            .GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .Select(g => $"Function '{g.Key}' is declared {g.Count()} times; function names must be unique."));
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                "The development host cannot run these functions:" + Environment.NewLine + " - " +
                string.Join(Environment.NewLine + " - ", problems));
        }

        return new FunctionCatalog(functions);
    }

    private static FunctionDescriptor Describe(Type type, MethodInfo method, string name, IConfiguration configuration, string routePrefix)
    {
        InvalidOperationException Fail(string detail) => new($"Function '{name}' ({type.FullName}.{method.Name}): {detail}");

        if (method.IsGenericMethodDefinition || (!method.IsStatic && type.IsAbstract))
        {
            throw Fail("a function must be a non-generic method of a concrete class (or static).");
        }

        // Output bindings need the worker's internal invocation features; functions write through clients instead.
        if (method.GetCustomAttributes().Concat(method.ReturnParameter.GetCustomAttributes()).OfType<OutputBindingAttribute>().Any()
            || ResultType(method).GetProperties().Any(p => p.GetCustomAttributes().Any(a => a is BindingAttribute || a.GetType().Name == "HttpResultAttribute")))
        {
            throw Fail("output bindings are not supported by the development host; write to queues or blobs through a client.");
        }

        var parameters = method.GetParameters();
        var triggers = parameters.Where(p => p.GetCustomAttributes().OfType<TriggerBindingAttribute>().Any()).ToList();
        if (triggers.Count != 1)
        {
            throw Fail($"it has {triggers.Count} trigger parameters; exactly one is needed.");
        }

        var trigger = triggers[0];
        var disabled = configuration[$"AzureWebJobs.{name}.Disabled"] is { } flag
            && (bool.TryParse(flag, out var on) ? on : flag == "1");
        switch (trigger.GetCustomAttributes().OfType<TriggerBindingAttribute>().First())
        {
            case HttpTriggerAttribute http:
                var (httpBinding, routeNames) = DescribeHttp(http, name, routePrefix, Fail);
                CheckHttpResult(method, Fail);
                return new FunctionDescriptor
                {
                    Name = name, Method = method, Disabled = disabled, Http = httpBinding,
                    Parameters = Bind(parameters, p => p == trigger ? HttpTriggerBinding(p, Fail) : HttpBinding(p, routeNames, Fail), Fail),
                };
            case QueueTriggerAttribute queue:
                return new FunctionDescriptor
                {
                    Name = name, Method = method, Disabled = disabled, Queue = DescribeQueue(queue, name, configuration, Fail),
                    Parameters = Bind(parameters, p => p == trigger ? BindingSource.QueueMessage : QueueBinding(p), Fail),
                };
            case TimerTriggerAttribute timer:
                return new FunctionDescriptor
                {
                    Name = name, Method = method, Disabled = disabled, Timer = DescribeTimer(timer, name, configuration, Fail),
                    Parameters = Bind(parameters, p => p == trigger ? TimerTriggerBinding(p, Fail) : CommonBinding(p), Fail),
                };
            case var other:
                throw Fail($"parameter '{trigger.Name}': {other.GetType().Name} is not supported by the development host (HTTP, queue and timer triggers are).");
        }
    }

    private static List<ParameterBinding> Bind(ParameterInfo[] parameters, Func<ParameterInfo, BindingSource?> source, Func<string, InvalidOperationException> fail)
    {
        var bindings = new List<ParameterBinding>();
        foreach (var parameter in parameters)
        {
            var other = parameter.GetCustomAttributes().OfType<BindingAttribute>().FirstOrDefault(a => a is not TriggerBindingAttribute);
            if (other is not null)
            {
                throw fail($"parameter '{parameter.Name}' ({parameter.ParameterType.Name}): {other.GetType().Name} input bindings are not supported by the development host.");
            }

            var bound = source(parameter) ?? throw fail(
                $"parameter '{parameter.Name}' ({parameter.ParameterType.Name}) cannot be bound: it is not the trigger, a route parameter, " +
                "a [FromBody] body, a CancellationToken or a FunctionContext.");
            bindings.Add(new ParameterBinding(parameter, bound));
        }

        return bindings;
    }

    /// <summary>The declared result: T for Task&lt;T&gt;/ValueTask&lt;T&gt;, void for Task/ValueTask/void.</summary>
    internal static Type ResultType(MethodInfo method)
    {
        var type = method.ReturnType;
        if (type == typeof(Task) || type == typeof(ValueTask))
        {
            return typeof(void);
        }

        return type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>))
            ? type.GetGenericArguments()[0]
            : type;
    }
}
