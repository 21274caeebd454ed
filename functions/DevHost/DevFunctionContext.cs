using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Azure.Functions.Worker;

namespace EntryExit.DevHost;

/// <summary>
/// The <see cref="FunctionContext"/> a function may take as a parameter. It carries what works without
/// the worker's internals: ids, the invocation scope, the definition, items and features.
/// <c>Items["HttpRequestContext"]</c> holds the HttpContext so that <c>GetHttpContext()</c> works.
/// </summary>
internal sealed class DevFunctionContext : FunctionContext
{
    // The key the worker's ASP.NET Core integration uses; GetHttpContext() reads it.
    private const string HttpContextKey = "HttpRequestContext";

    public DevFunctionContext(FunctionInvocation invocation)
    {
        InvocationId = invocation.InvocationId;
        FunctionId = invocation.Function.Name;
        InstanceServices = invocation.Services;
        CancellationToken = invocation.CancellationToken;
        FunctionDefinition = new DevFunctionDefinition(invocation.Function);
        BindingContext = new DevBindingContext(BindingData(invocation));
        TraceContext = new DevTraceContext(Activity.Current);
        if (invocation.HttpContext is { } http)
        {
            Items[HttpContextKey] = http;
        }
    }

    public override string InvocationId { get; }

    public override string FunctionId { get; }

    public override TraceContext TraceContext { get; }

    public override BindingContext BindingContext { get; }

    // The dev host does not retry within an invocation; queue redelivery shows in the dequeue count.
    public override RetryContext RetryContext { get; } = new DevRetryContext();

    public override IServiceProvider InstanceServices { get; set; }

    public override FunctionDefinition FunctionDefinition { get; }

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features { get; } = new DevInvocationFeatures();

    public override CancellationToken CancellationToken { get; }

    private static Dictionary<string, object?> BindingData(FunctionInvocation invocation)
    {
        var data = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        if (invocation.HttpContext is { } http)
        {
            foreach (var (key, value) in http.Request.RouteValues)
            {
                data[key] = value;
            }
        }

        if (invocation.QueueMessage is { } message)
        {
            data["Id"] = message.MessageId;
            data["DequeueCount"] = message.DequeueCount.ToString(CultureInfo.InvariantCulture);
            data["InsertionTime"] = message.InsertedOn;
            data["ExpirationTime"] = message.ExpiresOn;
            data["NextVisibleTime"] = message.NextVisibleOn;
        }

        return data;
    }

    private sealed class DevFunctionDefinition : FunctionDefinition
    {
        public DevFunctionDefinition(FunctionDescriptor function)
        {
            var method = function.Method;
            Name = function.Name;
            Id = function.Name;
            EntryPoint = $"{method.DeclaringType!.FullName}.{method.Name}";
            PathToAssembly = method.DeclaringType.Assembly.Location;
            Parameters = [.. function.Parameters.Select(p => new FunctionParameter(p.Name, p.Type))];
            var triggerName = function.Parameters.FirstOrDefault(p => p.Source is BindingSource.HttpRequest or BindingSource.QueueMessage or BindingSource.TimerInfo)?.Name ?? "trigger";
            var triggerType = function.Http is not null ? "httpTrigger" : function.Queue is not null ? "queueTrigger" : "timerTrigger";
            InputBindings = ImmutableDictionary<string, BindingMetadata>.Empty.Add(triggerName, new DevBindingMetadata(triggerName, triggerType));
        }

        public override ImmutableArray<FunctionParameter> Parameters { get; }

        public override string PathToAssembly { get; }

        public override string EntryPoint { get; }

        public override string Id { get; }

        public override string Name { get; }

        public override IImmutableDictionary<string, BindingMetadata> InputBindings { get; }

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings { get; } = ImmutableDictionary<string, BindingMetadata>.Empty;
    }

    private sealed class DevBindingMetadata(string name, string type) : BindingMetadata
    {
        public override string Name { get; } = name;

        public override string Type { get; } = type;

        public override BindingDirection Direction => BindingDirection.In;
    }

    private sealed class DevBindingContext(IReadOnlyDictionary<string, object?> data) : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData { get; } = data;
    }

    private sealed class DevRetryContext : RetryContext
    {
        public override int RetryCount => 0;

        public override int MaxRetryCount => 0;
    }

    private sealed class DevTraceContext(Activity? activity) : TraceContext
    {
        public override string TraceParent { get; } = activity?.Id ?? string.Empty;

        public override string TraceState { get; } = activity?.TraceStateString ?? string.Empty;
    }

    private sealed class DevInvocationFeatures : IInvocationFeatures
    {
        private readonly Dictionary<Type, object> _features = [];

        public T? Get<T>() => _features.TryGetValue(typeof(T), out var feature) ? (T)feature : default;

        public void Set<T>(T instance)
        {
            if (instance is null)
            {
                _features.Remove(typeof(T));
            }
            else
            {
                _features[typeof(T)] = instance;
            }
        }

        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => _features.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
