using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EntryExit.TestSupport;
using Json.Schema;

namespace EntryExit.EndToEnd.Tests.Contract;

/// <summary>One operation of the document: its method, path template and the regular expression that matches it.</summary>
internal sealed record ContractOperation(string Method, string Path, Regex Pattern, JsonObject Node);

/// <summary>
/// The repository's <c>openapi.yaml</c>, read as the tests' oracle: which operations exist, and whether a response
/// (status, headers, content type, body) is one the document allows for its route.
/// </summary>
internal sealed partial class OpenApiContract
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];
    private static readonly Lazy<OpenApiContract> Repository = new(() => Parse(File.ReadAllText(FilePath)));
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();

    private OpenApiContract(JsonObject document)
    {
        Document = document;
        Operations = [.. document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(m => Methods.Contains(m.Key))
            .Select(m => new ContractOperation(m.Key.ToUpperInvariant(), path.Key, PathPattern(path.Key), m.Value!.AsObject())))];
    }

    public static string FilePath => System.IO.Path.Combine(RepositoryRoot.Path, "openapi.yaml");

    /// <summary>The document in the repository.</summary>
    public static OpenApiContract Current => Repository.Value;

    public JsonObject Document { get; }

    public IReadOnlyList<ContractOperation> Operations { get; }

    public static OpenApiContract Parse(string yaml) => new(YamlJson.Parse(yaml)!.AsObject());

    public ContractOperation? Find(string method, string path) =>
        Operations.FirstOrDefault(o => o.Method == method && o.Pattern.IsMatch(path) && !HasLiteralMatch(o, method, path))
        ?? Operations.FirstOrDefault(o => o.Method == method && o.Pattern.IsMatch(path));

    /// <summary>Everything in the response that the document does not allow; empty when it conforms.</summary>
    public IReadOnlyList<string> Check(string method, string path, HttpResponseMessage response, byte[] body)
    {
        var where = $"{method} {path} → {(int)response.StatusCode}";
        var operation = Find(method, path);
        if (operation is null)
        {
            return [$"{where}: openapi.yaml has no operation {method} for this path"];
        }

        var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        if (operation.Node["responses"]?[status] is not JsonObject declared)
        {
            return [$"{where}: openapi.yaml does not list status {status} for {operation.Method} {operation.Path}"];
        }

        var failures = new List<string>();
        var definition = Resolve(declared);
        CheckHeaders(where, definition, response, failures);
        CheckRetryAfter(where, response, body, failures);
        var content = definition["content"] as JsonObject;
        var mediaType = (response.Content.Headers.ContentType?.MediaType ?? string.Empty).ToLowerInvariant();
        if (content is null || content.Count == 0)
        {
            if (body.Length > 0)
            {
                failures.Add($"{where}: the document declares no body, the response has {body.Length} bytes ({mediaType})");
            }

            return failures;
        }

        if (content[mediaType] is not JsonObject media)
        {
            failures.Add($"{where}: content type '{mediaType}' is not one of {string.Join(", ", content.Select(c => c.Key))}");
            return failures;
        }

        if (IsJson(mediaType) && media["schema"] is JsonNode schema)
        {
            CheckJson(where, $"{operation.Method} {operation.Path} {status} {mediaType}", schema, body, failures);
        }

        return failures;
    }

    private void CheckJson(string where, string key, JsonNode schemaNode, byte[] body, List<string> failures)
    {
        JsonDocument instance;
        try
        {
            instance = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            failures.Add($"{where}: the body is not JSON ({e.Message})");
            return;
        }

        using (instance)
        {
            var schema = _schemas.GetOrAdd(key, _ => Build(schemaNode));
            var result = schema.Evaluate(instance.RootElement, Evaluation);
            if (!result.IsValid)
            {
                var errors = (result.Details ?? [])
                    .Where(d => d.Errors is { Count: > 0 })
                    .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"))
                    .Distinct()
                    .Take(10);
                failures.Add($"{where}: the body does not match the schema: {string.Join("; ", errors)}. Body: {Truncate(Encoding.UTF8.GetString(body))}");
            }
        }
    }

    /// <summary>A standalone JSON Schema 2020-12 of one response: the document's schemas travel along, so <c>#/components/schemas/…</c> resolves.</summary>
    private JsonSchema Build(JsonNode schemaNode)
    {
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"https://contract.invalid/{Guid.NewGuid():N}",
            ["components"] = new JsonObject { ["schemas"] = Document["components"]!["schemas"]!.DeepClone() },
            ["allOf"] = new JsonArray(schemaNode.DeepClone()),
        };
        return JsonSchema.FromText(root.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }

    private static void CheckHeaders(string where, JsonObject definition, HttpResponseMessage response, List<string> failures)
    {
        foreach (var (name, header) in definition["headers"] as JsonObject ?? [])
        {
            var required = header?["required"]?.GetValue<bool>() ?? false;
            var present = response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values);
            if (required && !present)
            {
                failures.Add($"{where}: the required header {name} is missing");
            }
        }
    }

    /// <summary>Every 429 and 503 says when to come back: the header, and the same number as <c>retryAfter</c>.</summary>
    private static void CheckRetryAfter(string where, HttpResponseMessage response, byte[] body, List<string> failures)
    {
        if ((int)response.StatusCode is not (429 or 503))
        {
            return;
        }

        var header = response.Headers.RetryAfter?.Delta is { } delta ? (int?)delta.TotalSeconds : null;
        int? field = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("retryAfter", out var value) && value.TryGetInt32(out var seconds))
            {
                field = seconds;
            }
        }
        catch (JsonException)
        {
        }

        if (header is null || field is null || header != field)
        {
            failures.Add($"{where}: a 429/503 needs Retry-After (seconds) and the same retryAfter in the body; header {header?.ToString(CultureInfo.InvariantCulture) ?? "none"}, body {field?.ToString(CultureInfo.InvariantCulture) ?? "none"}");
        }
    }

    private JsonObject Resolve(JsonObject node)
    {
        while (node["$ref"]?.GetValue<string>() is { } reference)
        {
            var target = reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries)
                .Aggregate<string, JsonNode?>(Document, (current, part) => current?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)]);
            node = target as JsonObject ?? throw new InvalidOperationException($"openapi.yaml: unresolved $ref {reference}");
        }

        return node;
    }

    private bool HasLiteralMatch(ContractOperation candidate, string method, string path) =>
        candidate.Path.Contains('{', StringComparison.Ordinal)
        && Operations.Any(o => o != candidate && o.Method == method && !o.Path.Contains('{', StringComparison.Ordinal) && o.Path == path);

    private static bool IsJson(string mediaType) => mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal);

    private static Regex PathPattern(string template) =>
        new("^" + TemplateParameter().Replace(Regex.Escape(template).Replace(@"\{", "{", StringComparison.Ordinal), "[^/]+") + "$", RegexOptions.CultureInvariant);

    private static string Truncate(string text) => text.Length <= 600 ? text : text[..600] + "…";

    [GeneratedRegex(@"\{[^}/]+}")]
    private static partial Regex TemplateParameter();
}
