using System.Text.Json;

namespace EntryExit.DevHost;

/// <summary>
/// Reads local.settings.json the way Azure Functions Core Tools does: its <c>Values</c> become
/// environment variables unless already set, so <c>Section__Key</c> reaches options as <c>Section:Key</c>.
/// </summary>
public static class LocalSettings
{
    /// <summary>The settings file's name at the repository root.</summary>
    public const string FileName = "local.settings.json";

    /// <summary>The committed template a missing settings file is created from.</summary>
    public const string SampleFileName = "local.settings.sample.json";

    /// <summary>The file that marks the repository root.</summary>
    public const string RootMarkerFileName = "Serverless.sln";

    private static readonly JsonDocumentOptions ReadOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Walks up from each start directory in turn; returns the first folder holding <see cref="RootMarkerFileName"/>, or null.</summary>
    public static string? FindRepositoryRoot(params string?[] startDirectories)
    {
        ArgumentNullException.ThrowIfNull(startDirectories);
        foreach (var start in startDirectories)
        {
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, RootMarkerFileName)))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Creates <paramref name="settingsPath"/> from the sample when it is missing. The sample beside the
    /// settings file wins over the one at the repository root. Returns the sample copied, or null when
    /// the file already existed.
    /// </summary>
    public static string? EnsureExists(string settingsPath, string? repositoryRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(settingsPath);
        if (File.Exists(settingsPath))
        {
            return null;
        }

        var candidates = new[]
        {
            Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settingsPath))!, SampleFileName),
            repositoryRoot is null ? null : Path.Combine(repositoryRoot, SampleFileName),
        };
        var sample = candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"The settings file '{settingsPath}' is missing and no {SampleFileName} was found to create it from.");
        File.Copy(sample, settingsPath, overwrite: false);
        return sample;
    }

    /// <summary>
    /// Reads <c>Values</c> (names kept as written) and <c>ConnectionStrings</c> (as <c>ConnectionStrings__name</c>).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Read(string settingsPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(settingsPath), ReadOptions);
        var root = document.RootElement;
        if (root.TryGetProperty("IsEncrypted", out var encrypted) && encrypted.ValueKind == JsonValueKind.True)
        {
            // Core Tools can decrypt these with a machine key; this host cannot, and guessing would be worse.
            throw new InvalidOperationException($"'{settingsPath}' is encrypted; decrypt it (func settings decrypt) or use plain values.");
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Collect(root, "Values", prefix: "", values);
        Collect(root, "ConnectionStrings", prefix: "ConnectionStrings__", values);
        return values;
    }

    /// <summary>Sets each value as an environment variable unless one is already set; returns the names it set.</summary>
    public static IReadOnlyList<string> ApplyToEnvironment(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var applied = new List<string>();
        foreach (var (name, value) in values)
        {
            if (Environment.GetEnvironmentVariable(name) is null)
            {
                Environment.SetEnvironmentVariable(name, value);
                applied.Add(name);
            }
        }

        return applied;
    }

    private static void Collect(JsonElement root, string section, string prefix, Dictionary<string, string> into)
    {
        if (!root.TryGetProperty(section, out var element) || element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                // Core Tools accepts numbers and booleans too; their JSON text is the value.
                _ => property.Value.GetRawText(),
            };
            if (value is not null)
            {
                into[prefix + property.Name] = value;
            }
        }
    }
}
