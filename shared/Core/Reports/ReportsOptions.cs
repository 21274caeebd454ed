using System.ComponentModel.DataAnnotations;

namespace EntryExit.Core.Reports;

public sealed class ReportsOptions
{
    public const string Section = "Reports";

    /// <summary>
    /// Base address of the public API, printed in the QR code (e.g. https://api.example.gov.cn); in Azure it must be
    /// https (<see cref="ReportsOptionsValidator"/>): the loopback default would otherwise end up in every e-file.
    /// </summary>
    [Required]
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:7071";

    /// <summary>How long a made e-file can be downloaded.</summary>
    [Range(1, 365)]
    public int RetentionDays { get; set; } = 7;

    /// <summary>How long one download URL works.</summary>
    [Range(1, 1440)]
    public int DownloadLinkMinutes { get; set; } = 5;

    /// <summary>How long a stage's claim on a report holds before another worker may take over.</summary>
    [Range(1, 3600)]
    public int StageLeaseSeconds { get; set; } = 60;

    /// <summary>Failed attempts of a stage after which the report is marked failed (the queue's max dequeue count).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>First wait after a dependency was unavailable; it doubles with each deferral, up to <see cref="MaxRetryDelaySeconds"/>.</summary>
    [Range(1, 86_400)]
    public int RetryDelaySeconds { get; set; } = 15;

    [Range(1, 86_400)]
    public int MaxRetryDelaySeconds { get; set; } = 600;

    /// <summary>Deferrals after which an unavailable dependency counts as a failed attempt (about a day at the defaults).</summary>
    [Range(0, 100_000)]
    public int MaxDeferrals { get; set; } = 150;

    /// <summary>Reports one person may request per China day (SPEC §2.5: 20).</summary>
    [Range(1, 1_000_000)]
    public int MaxReportsPerDay { get; set; } = 20;

    /// <summary>A report still queued, rendering or sending this long after its last change is put back on its queue.</summary>
    [Range(1, 1440)]
    public int StuckAfterMinutes { get; set; } = 10;
}
