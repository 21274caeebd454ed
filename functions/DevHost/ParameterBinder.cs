using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Azure.Storage.Queues.Models;

namespace EntryExit.DevHost;

/// <summary>A parameter could not be given a value from the request or message (HTTP: 400; queue: a failed attempt).</summary>
public sealed class FunctionBindingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FunctionBindingException()
    {
    }

    /// <summary>Creates the exception with a message safe to show the caller.</summary>
    public FunctionBindingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public FunctionBindingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Produces each parameter's value at invocation, following the plan made at discovery.</summary>
internal static class ParameterBinder
{
    // The worker's [FromBody] and POCO queue messages read JSON with web defaults (camelCase, case-insensitive).
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public static async ValueTask<object?> BindAsync(ParameterBinding binding, FunctionInvocation invocation) => binding.Source switch
    {
        BindingSource.HttpRequest => invocation.HttpContext!.Request,
        BindingSource.HttpContext => invocation.HttpContext,
        BindingSource.CancellationToken => invocation.CancellationToken,
        BindingSource.FunctionContext => invocation.FunctionContext,
        BindingSource.RouteValue => RouteValue(binding, invocation),
        BindingSource.Body => await BodyAsync(binding, invocation),
        BindingSource.QueueMessage => QueueMessage(binding, invocation.QueueMessage!),
        BindingSource.QueueMetadata => QueueMetadata(binding, invocation.QueueMessage!),
        BindingSource.TimerInfo => invocation.TimerInfo,
        _ => throw new InvalidOperationException($"Unknown binding source {binding.Source}."),
    };

    private static object? RouteValue(ParameterBinding binding, FunctionInvocation invocation)
    {
        var raw = invocation.HttpContext!.Request.RouteValues.TryGetValue(binding.Name, out var value)
            ? Convert.ToString(value, CultureInfo.InvariantCulture)
            : null;
        if (string.IsNullOrEmpty(raw))
        {
            return Missing(binding, $"The route value '{binding.Name}' is missing.");
        }

        var target = Nullable.GetUnderlyingType(binding.Type) ?? binding.Type;
        if (target == typeof(string))
        {
            return raw;
        }

        try
        {
            return TypeDescriptor.GetConverter(target).ConvertFromInvariantString(raw);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException || ex.InnerException is FormatException)
        {
            throw new FunctionBindingException($"The route value '{binding.Name}' is not a valid {target.Name}.", ex);
        }
    }

    private static async Task<object?> BodyAsync(ParameterBinding binding, FunctionInvocation invocation)
    {
        var request = invocation.HttpContext!.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, invocation.CancellationToken);
        if (buffer.Length == 0)
        {
            return Missing(binding, "The request body is empty.");
        }

        if (binding.Type == typeof(string))
        {
            return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }

        try
        {
            return JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), binding.Type, Json);
        }
        catch (JsonException ex)
        {
            // The path says where the JSON is wrong without echoing the body.
            throw new FunctionBindingException($"The request body is not valid JSON for {binding.Type.Name} (at {ex.Path ?? "$"}).", ex);
        }
    }

    private static object? QueueMessage(ParameterBinding binding, QueueMessage message)
    {
        var type = binding.Type;
        if (type == typeof(QueueMessage))
        {
            return message;
        }

        if (type == typeof(string))
        {
            return message.Body.ToString();
        }

        if (type == typeof(BinaryData))
        {
            return message.Body;
        }

        if (type == typeof(byte[]))
        {
            return message.Body.ToArray();
        }

        if (type == typeof(ReadOnlyMemory<byte>))
        {
            return message.Body.ToMemory();
        }

        try
        {
            return JsonSerializer.Deserialize(message.Body.ToMemory().Span, type, Json);
        }
        catch (JsonException ex)
        {
            throw new FunctionBindingException($"The message is not valid JSON for {type.Name} (at {ex.Path ?? "$"}).", ex);
        }
    }

    private static object? QueueMetadata(ParameterBinding binding, QueueMessage message)
    {
        object? value = binding.Name.ToUpperInvariant() switch
        {
            "ID" => message.MessageId,
            "POPRECEIPT" => message.PopReceipt,
            "DEQUEUECOUNT" => message.DequeueCount,
            "INSERTIONTIME" => message.InsertedOn,
            "EXPIRATIONTIME" => message.ExpiresOn,
            "NEXTVISIBLETIME" => message.NextVisibleOn,
            _ => null,
        };
        return value is long count && binding.Type == typeof(int) ? checked((int)count) : value;
    }

    private static object? Missing(ParameterBinding binding, string message)
    {
        if (binding.Parameter.HasDefaultValue)
        {
            return binding.Parameter.DefaultValue;
        }

        var nullable = !binding.Type.IsValueType || Nullable.GetUnderlyingType(binding.Type) is not null;
        return nullable && new NullabilityInfoContext().Create(binding.Parameter).WriteState != NullabilityState.NotNull
            ? null
            : throw new FunctionBindingException(message);
    }
}
