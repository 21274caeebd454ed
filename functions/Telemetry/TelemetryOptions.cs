namespace EntryExit.Functions.Telemetry;

/// <summary>
/// Where the worker's traces, metrics and logs go. With <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> set (Azure) they
/// are exported to Application Insights, authenticated with the managed identity <see cref="ClientId"/>; otherwise to
/// the console when <see cref="Console"/> is true, else nowhere.
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Client id of the user-assigned identity that may publish to Application Insights (Entra ID ingestion).</summary>
    public string? ClientId { get; set; }

    /// <summary>Development: write spans, metrics and log records to standard output.</summary>
    public bool Console { get; set; }
}
