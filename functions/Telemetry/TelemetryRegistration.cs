using Azure.Monitor.OpenTelemetry.Exporter;
using EntryExit.Core.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EntryExit.Functions.Telemetry;

/// <summary>
/// OpenTelemetry for the app, in the Functions worker and the development host alike: traces of function invocations,
/// incoming HTTP and every outgoing call (Azure SDK clients — Table, Blob, Queue, Key Vault — and the REST clients of
/// ACS Email and Face, which run on Azure.Core pipelines and HttpClient), the pipeline metrics of
/// <see cref="EntryExitMetrics"/>, and log records.
/// </summary>
public static class TelemetryRegistration
{
    /// <summary>Connection string of Application Insights; set by Bicep, also read by the Functions host.</summary>
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public static IServiceCollection AddEntryExitTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.AddSingleton<EntryExitMetrics>();

        // Azure.Core reads the switch once, when its first client is made: before any client exists.
        AppContext.SetSwitch(TracedSources.AzureSdkSwitch, true);

        var section = configuration.GetSection(TelemetryOptions.Section);
        services.AddOptions<TelemetryOptions>().Bind(section);
        var options = new TelemetryOptions
        {
            ClientId = section[nameof(TelemetryOptions.ClientId)],
            Console = section.GetValue<bool>(nameof(TelemetryOptions.Console)),
        };
        var connectionString = configuration[ConnectionStringSetting];

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("entry-exit-api"))
            .WithTracing(tracing => tracing.AddSource([.. TracedSources.Names]))
            .WithMetrics(metrics => metrics.AddMeter(EntryExitMetrics.MeterName))
            .WithLogging(logging => { }, logging => logging.IncludeFormattedMessage = true);

        if (!string.IsNullOrEmpty(connectionString))
        {
            telemetry.UseAzureMonitorExporter(exporter =>
            {
                exporter.ConnectionString = connectionString;
                exporter.Credential = AzureCredentials.For(options.ClientId);
            });
        }
        else if (options.Console)
        {
            telemetry.WithTracing(tracing => tracing.AddConsoleExporter())
                .WithMetrics(metrics => metrics.AddConsoleExporter())
                .WithLogging(logging => logging.AddConsoleExporter());
        }

        return services;
    }
}
