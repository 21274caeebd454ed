using EntryExit.Core.Records;

namespace EntryExit.Core.Reports;

/// <summary>The body of <c>POST /api/reports</c>.</summary>
public sealed record ReportRequest(
    string? Kind,
    string? Range,
    string? From,
    string? To,
    IReadOnlyList<DocumentSelection>? Documents,
    string? Delivery,
    string? Email,
    string? Password,
    string? Language = null);

/// <summary>A report as its owner sees it, with a fresh download URL when the file can be downloaded.</summary>
public sealed record ReportView(Report Report, Uri? DownloadUrl);
