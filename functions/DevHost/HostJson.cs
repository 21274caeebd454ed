using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace EntryExit.DevHost;

/// <summary>The one host.json setting the development host honours: the HTTP route prefix, read as the Functions host reads it.</summary>
internal static class HostJson
{
    public const string FileName = "host.json";

    /// <summary>
    /// The app setting that wins over host.json in the Functions host (<c>AzureFunctionsJobHost__extensions__http__routePrefix</c>).
    /// </summary>
    public const string RoutePrefixSetting = "AzureFunctionsJobHost:extensions:http:routePrefix";

    /// <summary>
    /// The setting when it is set; else <c>extensions.http.routePrefix</c> of the host.json in <paramref name="directory"/>
    /// (the app's output folder, where the Functions host finds it); else <see cref="FunctionCatalog.DefaultRoutePrefix"/>.
    /// An empty string is a valid prefix: routes then start at the root.
    /// </summary>
    public static string RoutePrefix(IConfiguration configuration, string? directory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[RoutePrefixSetting] is { } setting)
        {
            return setting;
        }

        var path = directory is null ? null : Path.Combine(directory, FileName);
        if (path is null || !File.Exists(path))
        {
            return FunctionCatalog.DefaultRoutePrefix;
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        return Child(Child(Child(document.RootElement, "extensions"), "http"), "routePrefix") is { ValueKind: JsonValueKind.String } prefix
            ? prefix.GetString()!
            : FunctionCatalog.DefaultRoutePrefix;
    }

    // The host reads host.json through configuration, whose keys ignore case.
    private static JsonElement? Child(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } obj
            ? obj.EnumerateObject().Where(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value).FirstOrDefault()
            : null;
}
