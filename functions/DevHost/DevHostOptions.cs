using System.ComponentModel.DataAnnotations;

namespace EntryExit.DevHost;

/// <summary>The <c>DevHost</c> settings section (in local.settings.json: <c>DevHost__Name</c>).</summary>
public sealed class DevHostOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "DevHost";

    /// <summary>Where Kestrel listens; <c>http://127.0.0.1:0</c> picks a free port.</summary>
    [Required]
    public string Urls { get; set; } = "http://127.0.0.1:7071";

    /// <summary>The key that Function- and Admin-level routes require (header <c>x-functions-key</c> or <c>?code=</c>).</summary>
    public string? FunctionKey { get; set; }

    /// <summary>The settings file to read instead of the repository's local.settings.json.</summary>
    public string? SettingsFile { get; set; }

    /// <summary>The host.json to read instead of the repository's <c>functions/host.json</c>.</summary>
    public string? HostJsonFile { get; set; }

    /// <summary>
    /// How long a message stays invisible while its function runs, renewed at half-time: the Functions host's
    /// fixed ten minutes, which host.json does not set. Only tests shorten it, to see a killed host's message return.
    /// </summary>
    [Range(1, 3600)]
    public int QueueMessageLeaseSeconds { get; set; } = 600;
}
