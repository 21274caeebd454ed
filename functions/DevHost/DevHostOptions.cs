namespace EntryExit.DevHost;

/// <summary>The <c>DevHost</c> settings section (in local.settings.json: <c>DevHost__Name</c>).</summary>
public sealed class DevHostOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "DevHost";

    /// <summary>Where Kestrel listens; <c>http://127.0.0.1:0</c> picks a free port.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:7071";

    /// <summary>The key that Function- and Admin-level routes require (header <c>x-functions-key</c> or <c>?code=</c>).</summary>
    public string? FunctionKey { get; set; }

    /// <summary>The settings file to read instead of the repository's local.settings.json.</summary>
    public string? SettingsFile { get; set; }

    /// <summary>Delay between polls while a queue has messages; doubles up to <see cref="QueueMaxPollingMilliseconds"/> when idle.</summary>
    public int QueuePollingMilliseconds { get; set; } = 250;

    /// <summary>The longest wait between polls of an idle queue (host.json <c>maxPollingInterval</c>).</summary>
    public int QueueMaxPollingMilliseconds { get; set; } = 2000;

    /// <summary>How long a message stays invisible while it is processed; renewed while the function runs.</summary>
    public int QueueVisibilityTimeoutSeconds { get; set; } = 30;

    /// <summary>After this many failed attempts a message moves to <c>&lt;queue&gt;-poison</c> (host.json <c>maxDequeueCount</c>).</summary>
    public int QueueMaxDequeueCount { get; set; } = 5;

    /// <summary>Messages fetched per poll and processed concurrently, per queue (host.json <c>batchSize</c>, kept small).</summary>
    public int QueueBatchSize { get; set; } = 4;
}
