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

    /// <summary>Exactly the codes <see cref="Code"/> writes: no numbers, no other casing.</summary>
    public static bool TryParse(string? code, out ReportStatus status)
    {
        foreach (var candidate in Enum.GetValues<ReportStatus>())
        {
            if (candidate.Code() == code)
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }

    /// <summary>States whose file exists in storage and may be purged when it expires.</summary>
    public static bool HoldsFile(this ReportStatus status) => status is ReportStatus.Ready or ReportStatus.Sending or ReportStatus.Sent;
}
