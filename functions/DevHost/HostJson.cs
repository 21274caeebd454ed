using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace EntryExit.DevHost;

/// <summary>
/// The function app's host.json, read as the Functions host reads it: its values sit under
/// <c>AzureFunctionsJobHost</c>, so an app setting such as <c>AzureFunctionsJobHost__extensions__queues__batchSize</c>
/// overrides the file here exactly as it does in Azure.
/// </summary>
internal static class HostJson
{
    public const string SectionName = "AzureFunctionsJobHost";

    public const string FileName = "host.json";

    /// <summary>
    /// The explicit path (<c>DevHost:HostJsonFile</c>) if given, else <c>functions/host.json</c> under the repository
    /// root, else the copy beside the binaries. Throws when there is none: the Functions host would not start either.
    /// </summary>
    public static string Find(string? explicitPath, string? repositoryRoot)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            var path = Path.GetFullPath(explicitPath);
            return File.Exists(path) ? path : throw new InvalidOperationException($"DevHost:HostJsonFile '{path}' does not exist.");
        }

        string?[] candidates = [repositoryRoot is null ? null : Path.Combine(repositoryRoot, "functions", FileName), Path.Combine(AppContext.BaseDirectory, FileName)];
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"No {FileName} at {string.Join(" or ", candidates.Where(c => c is not null))}; pass DevHost:HostJsonFile.");
    }

    /// <summary>The file's values under <see cref="SectionName"/>, as the lowest-priority configuration source.</summary>
    public static void AddTo(IConfigurationBuilder configuration, string path)
    {
        var values = new ConfigurationBuilder().AddJsonFile(path, optional: false).Build().AsEnumerable()
            .Where(pair => pair.Value is not null)
            .ToDictionary(pair => $"{SectionName}:{pair.Key}", pair => pair.Value);
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = values });
    }

    /// <summary>
    /// The app setting <c>AzureFunctionsJobHost__extensions__http__routePrefix</c>, which wins over host.json as in the
    /// Functions host; both reach configuration under the same key.
    /// </summary>
    public const string RoutePrefixSetting = SectionName + ":extensions:http:routePrefix";

    /// <summary>
    /// host.json <c>extensions.http.routePrefix</c> (or its app setting): <see cref="FunctionCatalog.DefaultRoutePrefix"/>
    /// when absent, as in the Functions host; "" serves at the root.
    /// </summary>
    public static string RoutePrefix(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[RoutePrefixSetting]?.Trim('/') ?? FunctionCatalog.DefaultRoutePrefix;
    }
}

/// <summary>host.json <c>extensions.queues</c>, with the Functions host's defaults where the file is silent.</summary>
internal sealed class QueueHostOptions
{
    public const string SectionName = HostJson.SectionName + ":extensions:queues";

    /// <summary>Messages fetched per poll and run concurrently, per queue.</summary>
    [Range(1, 32)]
    public int BatchSize { get; set; } = 16;

    /// <summary>How long a message that failed stays invisible before it is tried again (not the lease while it runs).</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>The attempt with this dequeue count is the last; its failure moves the message to <c>&lt;queue&gt;-poison</c>.</summary>
    [Range(1, 1000)]
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>The longest wait between polls of an idle queue.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromMinutes(1);
}
