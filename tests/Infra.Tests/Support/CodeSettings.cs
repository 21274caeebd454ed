using System.Collections;
using System.Reflection;
using EntryExit.Functions;
using EntryExit.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EntryExit.Infra.Tests.Support;

/// <summary>
/// The settings the code reads, derived from the code: the options classes the composition root
/// (<see cref="ServiceRegistration.AddEntryExit"/>) binds to configuration sections — every public settable property,
/// nested classes included — plus the keys the code reads from configuration directly (recorded while the
/// composition root runs and while <see cref="StorageClients"/> is built from identity-based settings).
/// Names are environment-variable style: <c>Section:Prop</c> → <c>Section__Prop</c>.
/// </summary>
public static class CodeSettings
{
    /// <summary>Settings the code reads (scalar values).</summary>
    public static IReadOnlySet<string> Read => Discovered.Value.Read;

    /// <summary>Dictionary-typed properties (e.g. <c>Security__RetiredTokenKeys</c>): optional maps, <c>Name__&lt;key&gt;</c>.</summary>
    public static IReadOnlySet<string> OptionalMaps => Discovered.Value.Maps;

    /// <summary>The options classes found bound, with their section (for failure messages and a sanity test).</summary>
    public static IReadOnlyDictionary<Type, string> BoundOptions => Discovered.Value.Bound;

    private static readonly Lazy<(HashSet<string> Read, HashSet<string> Maps, Dictionary<Type, string> Bound)> Discovered = new(Discover);

    public static string EnvironmentName(string configurationKey) => configurationKey.Replace(":", "__", StringComparison.Ordinal);

    private static (HashSet<string>, HashSet<string>, Dictionary<Type, string>) Discover()
    {
        var recorder = new RecordingSource();
        var configuration = new ConfigurationBuilder().Add(recorder).Build();
        var services = new ServiceCollection();
        services.AddEntryExit(configuration);

        var bound = new Dictionary<Type, string>();
        foreach (var descriptor in services.Where(d => d.ServiceType.IsGenericType
                     && d.ServiceType.GetGenericTypeDefinition() == typeof(IOptionsChangeTokenSource<>)))
        {
            // OptionsBuilder.Bind / Configure(section) registers a ConfigurationChangeTokenSource<T> holding the section.
            var optionsType = descriptor.ServiceType.GetGenericArguments()[0];
            if (optionsType.Namespace?.StartsWith("EntryExit.", StringComparison.Ordinal) != true)
            {
                // A library's own options (OpenTelemetry binds Logging:OpenTelemetry): not settings the app defines.
                continue;
            }

            var source = descriptor.ImplementationInstance
                ?? throw new InvalidOperationException($"{optionsType.Name} is bound in an unexpected way; extend {nameof(CodeSettings)}.");
            var section = source.GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
                .Select(f => f.GetValue(source)).OfType<IConfigurationSection>().FirstOrDefault()
                ?? throw new InvalidOperationException($"No configuration section found for {optionsType.Name}.");
            bound[optionsType] = section.Path;
        }

        var read = new HashSet<string>(StringComparer.Ordinal);
        var maps = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (type, section) in bound)
        {
            AddProperties(type, section, read, maps);
        }

        // Keys read directly (e.g. Liveness:Provider, Email:Provider while choosing implementations).
        read.UnionWith(recorder.Provider.Keys.Select(EnvironmentName));

        // The storage clients, as in Azure: identity-based AzureWebJobsStorage__* settings. No connection is made.
        var storage = new RecordingSource(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000000",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://account.table.core.windows.net",
            ["AzureWebJobsStorage:blobServiceUri"] = "https://account.blob.core.windows.net",
            ["AzureWebJobsStorage:queueServiceUri"] = "https://account.queue.core.windows.net",
        });
        _ = new StorageClients(new ConfigurationBuilder().Add(storage).Build());
        read.UnionWith(storage.Provider.Keys.Select(EnvironmentName));
        return (read, maps, bound);
    }

    private static void AddProperties(Type type, string prefix, HashSet<string> read, HashSet<string> maps)
    {
        foreach (var property in type.GetProperties(BindingFlags.Instance | BindingFlags.Public))
        {
            var name = $"{prefix}:{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (typeof(IDictionary).IsAssignableFrom(propertyType)
                || propertyType.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>)))
            {
                // The binder fills dictionaries through a getter too.
                maps.Add(EnvironmentName(name));
            }
            else if (property.SetMethod is not { IsPublic: true })
            {
                continue;
            }
            else if (IsScalar(propertyType))
            {
                read.Add(EnvironmentName(name));
            }
            else if (propertyType.IsClass)
            {
                AddProperties(propertyType, name, read, maps);
            }
            else
            {
                throw new InvalidOperationException($"{type.Name}.{property.Name} ({propertyType}) is neither scalar nor a class; extend {nameof(CodeSettings)}.");
            }
        }
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Uri)
        || type == typeof(TimeSpan) || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(Guid);

    /// <summary>A configuration source whose provider records every key looked up.</summary>
    private sealed class RecordingSource(IDictionary<string, string?>? values = null) : IConfigurationSource
    {
        public RecordingProvider Provider { get; } = new(values);

        public IConfigurationProvider Build(IConfigurationBuilder builder) => Provider;
    }

    private sealed class RecordingProvider : ConfigurationProvider
    {
        public RecordingProvider(IDictionary<string, string?>? values)
        {
            foreach (var (key, value) in values ?? new Dictionary<string, string?>())
            {
                Data[key] = value;
            }
        }

        public HashSet<string> Keys { get; } = new(StringComparer.OrdinalIgnoreCase);

        public override bool TryGet(string key, out string? value)
        {
            Keys.Add(key);
            return base.TryGet(key, out value);
        }
    }
}
