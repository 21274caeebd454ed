using System.ComponentModel.DataAnnotations;

namespace EntryExit.Core.Import;

public sealed class ImportOptions
{
    public const string Section = "Import";

    /// <summary>Lines between checkpoints: what a crashed run reads again, and the bound on memory.</summary>
    [Range(1, 1_000_000)]
    public int CheckpointLines { get; set; } = 5000;

    /// <summary>How long a running import's claim holds without a checkpoint before another worker takes over.</summary>
    [Range(1, 86_400)]
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>Attempts after which an import that keeps failing is marked failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The longest line read (bytes); a longer one is reported as <c>line_too_long</c>. A photo line holds up to ~1.4 MB of base64.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxLineBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Partitions written at once.</summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 8;

    /// <summary>An import still queued or running with no checkpoint for this long is put back on its queue.</summary>
    [Range(1, 1440)]
    public int StuckAfterMinutes { get; set; } = 10;
}
