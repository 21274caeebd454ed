using EntryExit.Functions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EntryExit.DevHost;

/// <summary>
/// Builds the development host: the function app's own classes on ASP.NET Core, with the same service
/// registration as the Functions host (<see cref="ServiceRegistration.AddEntryExit"/>).
/// </summary>
public static class DevHostApp
{
    /// <summary>
    /// Reads local.settings.json (created from the sample when missing; its <c>Values</c> become
    /// environment variables unless already set), discovers the functions, and returns the app, not
    /// started. Throws <see cref="InvalidOperationException"/> naming any function that cannot run.
    /// </summary>
    /// <param name="args">Command-line arguments; <c>--settings &lt;path&gt;</c> picks another settings file.</param>
    /// <param name="overrides">Settings that win over the settings file and the environment (tests: ports, keys, queue names).</param>
    /// <param name="configureServices">Runs after every registration, so tests can replace services.</param>
    /// <param name="functionTypes">The classes to scan for <c>[Function]</c> methods; default: every public type of
    /// the EntryExit.Functions assembly. Pass <c>assembly.GetExportedTypes()</c> to host another assembly.</param>
    public static WebApplication Build(
        string[] args,
        IDictionary<string, string?>? overrides = null,
        Action<IServiceCollection>? configureServices = null,
        IEnumerable<Type>? functionTypes = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var repositoryRoot = LocalSettings.FindRepositoryRoot(Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
        var settingsPath = SettingsPath(args, overrides, repositoryRoot);
        var createdFrom = LocalSettings.EnsureExists(settingsPath, repositoryRoot);
        // Before the builder exists: its environment-variable source must see these values.
        var applied = LocalSettings.ApplyToEnvironment(LocalSettings.Read(settingsPath));

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(DevHostApp).Assembly.GetName().Name,
        });
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        // Per-request framework chatter drowns the function log lines; appsettings/Logging can still raise it.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var section = builder.Configuration.GetSection(DevHostOptions.SectionName);
        var options = section.Get<DevHostOptions>() ?? new DevHostOptions();
        var hostJson = HostJson.Find(options.HostJsonFile, repositoryRoot);
        HostJson.AddTo(builder.Configuration, hostJson);
        builder.WebHost.UseUrls(options.Urls);

        // Discovery before any service exists: a function that cannot run stops the host here, by name.
        var routePrefix = HostJson.RoutePrefix(builder.Configuration);
        var catalog = FunctionCatalog.Create(functionTypes ?? typeof(ServiceRegistration).Assembly.GetExportedTypes(), builder.Configuration, routePrefix);

        builder.Services.AddEntryExit(builder.Configuration);
        builder.Services.AddMvcCore();
        builder.Services.AddOptions<DevHostOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<QueueHostOptions>().Bind(builder.Configuration.GetSection(QueueHostOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(catalog);
        builder.Services.AddHostedService<QueueTriggerListener>();
        builder.Services.AddHostedService<TimerTriggerScheduler>();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapHttpFunctions(catalog);

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DevHostApp).FullName!);
        app.Lifetime.ApplicationStarted.Register(() => LogStarted(app, logger, catalog, settingsPath, createdFrom, applied.Count, options, hostJson));
        return app;
    }

    /// <summary>The addresses Kestrel listens on (the real port when <c>DevHost:Urls</c> asked for port 0); call after start.</summary>
    public static IReadOnlyList<Uri> Addresses(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var feature = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        return feature?.Addresses.Select(a => new Uri(a)).ToList() ?? [];
    }

    private static string SettingsPath(string[] args, IDictionary<string, string?>? overrides, string? repositoryRoot)
    {
        string? fromArgs = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--settings" && i + 1 < args.Length)
            {
                fromArgs = args[i + 1];
            }
            else if (args[i].StartsWith("--settings=", StringComparison.Ordinal))
            {
                fromArgs = args[i]["--settings=".Length..];
            }
        }

        var explicitPath = fromArgs
            ?? (overrides?.TryGetValue($"{DevHostOptions.SectionName}:{nameof(DevHostOptions.SettingsFile)}", out var fromOverrides) == true ? fromOverrides : null)
            ?? Environment.GetEnvironmentVariable($"{DevHostOptions.SectionName}__{nameof(DevHostOptions.SettingsFile)}");
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return Path.GetFullPath(explicitPath);
        }

        return repositoryRoot is null
            ? throw new InvalidOperationException(
                $"No {LocalSettings.RootMarkerFileName} above '{Directory.GetCurrentDirectory()}' or '{AppContext.BaseDirectory}'; " +
                "run from the repository or pass --settings <path to local.settings.json>.")
            : Path.Combine(repositoryRoot, LocalSettings.FileName);
    }

    private static void LogStarted(WebApplication app, ILogger logger, FunctionCatalog catalog, string settingsPath, string? createdFrom, int applied, DevHostOptions options, string hostJson)
    {
        if (createdFrom is not null)
        {
            logger.LogInformation("Created {SettingsPath} from {SamplePath}", settingsPath, createdFrom);
        }

        logger.LogInformation("Settings from {SettingsPath} ({AppliedCount} values set as environment variables)", settingsPath, applied);
        var queues = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<QueueHostOptions>>().Value;
        logger.LogInformation(
            "Host settings from {HostJsonPath}: route prefix '{RoutePrefix}', queues batch {BatchSize}, retry after {VisibilityTimeout}, poison after {MaxDequeueCount} attempts, idle polling up to {MaxPollingInterval}",
            hostJson, HostJson.RoutePrefix(app.Configuration), queues.BatchSize, queues.VisibilityTimeout, queues.MaxDequeueCount, queues.MaxPollingInterval);
        logger.LogInformation("Development host listening on {Addresses}", string.Join(", ", Addresses(app)));
        foreach (var function in catalog.Functions)
        {
            logger.LogInformation("Function {FunctionName}: {Trigger}{Disabled}", function.Name, function.Describe(), function.Disabled ? " [disabled]" : "");
        }

        if (string.IsNullOrEmpty(options.FunctionKey) && catalog.Enabled(f => f.Http is { Level: not Microsoft.Azure.Functions.Worker.AuthorizationLevel.Anonymous }).Any())
        {
            logger.LogWarning("DevHost:FunctionKey is not set: every keyed route answers 401");
        }

        WarnAboutUnregisteredServices(app, logger, catalog);
    }

    // The worker fails only when a function is first invoked; naming the gap at start-up saves a round trip.
    private static void WarnAboutUnregisteredServices(WebApplication app, ILogger logger, FunctionCatalog catalog)
    {
        var isService = app.Services.GetService<IServiceProviderIsService>();
        if (isService is null)
        {
            return;
        }

        foreach (var function in catalog.Functions.Where(f => !f.Method.IsStatic))
        {
            var constructor = function.Method.DeclaringType!.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
            foreach (var parameter in constructor?.GetParameters() ?? [])
            {
                if (!parameter.HasDefaultValue && !isService.IsService(parameter.ParameterType))
                {
                    logger.LogWarning(
                        "Function {FunctionName}: constructor parameter '{ParameterName}' ({ParameterType}) is not registered; invoking it will fail",
                        function.Name, parameter.Name, parameter.ParameterType.FullName);
                }
            }
        }
    }
}
