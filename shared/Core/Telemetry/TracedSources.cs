namespace EntryExit.Core.Telemetry;

/// <summary>
/// The activity sources the app traces, in one place so the worker, the development host and the tests that read
/// the spans of the outgoing calls listen to the same names. Names may end in <c>*</c> (OpenTelemetry's wildcard).
/// </summary>
public static class TracedSources
{
    /// <summary>Azure.Core creates activity sources (<c>Azure.*</c>) only with this switch on, read once per process.</summary>
    public const string AzureSdkSwitch = "Azure.Experimental.EnableActivitySource";

    /// <summary>The activity sources traced. Azure SDK sources exist only with <see cref="AzureSdkSwitch"/> on.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "Microsoft.Azure.Functions.Worker", // each invocation in the worker (UseFunctionsWorkerDefaults in Program.cs)
        "EntryExit.DevHost",                // each invocation in the development host
        "Microsoft.AspNetCore",             // incoming HTTP
        "System.Net.Http",                  // outgoing HTTP (query strings redacted by .NET)
        "Azure.*",                          // Azure SDK operations and their HTTP requests
    ];
}
