namespace EntryExit.Core.Reports;

/// <summary>queued → rendering → ready → (sending → sent) | failed | expired.</summary>
public enum ReportStatus
{
    Queued,
    Rendering,
    Ready,
    Sending,
    Sent,
    Failed,
    Expired,
}

public static class ReportStatuses
{
    public static string Code(this ReportStatus status) => status.ToString().ToLowerInvariant();

    public static ReportStatus Parse(string code) => Enum.Parse<ReportStatus>(code, ignoreCase: true);

    /// <summary>States whose file exists in storage and may be purged when it expires.</summary>
    public static bool HoldsFile(this ReportStatus status) => status is ReportStatus.Ready or ReportStatus.Sending or ReportStatus.Sent;
}
