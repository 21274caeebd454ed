namespace EntryExit.Core.Reports;

/// <summary>Reports by number, with optimistic concurrency: every stage reads, decides, then writes against the version it read.</summary>
public interface IReportStore
{
    /// <summary>Inserts unless the number is taken; false on a clash.</summary>
    Task<bool> TryCreateAsync(Report report, CancellationToken cancellationToken);

    Task<Report?> FindAsync(ReportNumber number, CancellationToken cancellationToken);

    /// <summary>Replaces the stored report if it is still at <see cref="Report.Version"/>; the new copy, or null if someone changed it first.</summary>
    Task<Report?> TryUpdateAsync(Report report, CancellationToken cancellationToken);

    /// <summary>Reports whose file is past <paramref name="now"/> and still stored.</summary>
    IAsyncEnumerable<Report> ListExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Reports last changed before <paramref name="changedBefore"/> that a stage still has to move: queued, rendering,
    /// sending, or ready to be emailed.
    /// </summary>
    IAsyncEnumerable<Report> ListStuckAsync(DateTimeOffset changedBefore, CancellationToken cancellationToken);
}

/// <summary>The private store of e-files.</summary>
public interface IReportFiles
{
    Task SaveAsync(ReportNumber number, byte[] pdf, CancellationToken cancellationToken);

    Task<byte[]?> ReadAsync(ReportNumber number, CancellationToken cancellationToken);

    /// <summary>Deletes the file; succeeds also when it was already gone.</summary>
    Task DeleteAsync(ReportNumber number, CancellationToken cancellationToken);

    /// <summary>A short-lived URL that downloads the file with a plain GET.</summary>
    Task<Uri> GetDownloadUrlAsync(ReportNumber number, DateTimeOffset expiresAt, CancellationToken cancellationToken);
}

/// <summary>The queues between the stages. Messages carry the report number and nothing personal.</summary>
public interface IReportQueue
{
    /// <param name="delay">How long the message stays invisible: used to come back after another worker's claim lapses.</param>
    Task EnqueueRenderAsync(ReportNumber number, TimeSpan delay, CancellationToken cancellationToken);

    Task EnqueueEmailAsync(ReportNumber number, TimeSpan delay, CancellationToken cancellationToken);
}

/// <summary>An email with one PDF attachment.</summary>
public sealed record EmailMessage(string To, string Subject, string PlainText, string AttachmentName, byte[] Attachment)
{
    /// <summary>Stable per report, so a receiver (or ACS) can tell a repeat from a new message.</summary>
    public required string MessageId { get; init; }
}

/// <summary>Sends email: SMTP in development, Azure Communication Services in Azure.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

/// <summary>Names of the queues between the stages; the queue-triggered functions bind to the same names.</summary>
public static class ReportQueues
{
    public const string Render = "report-render";
    public const string Email = "report-email";
}
