using EntryExit.Core.Identity;
using EntryExit.Core.Records;

namespace EntryExit.Core.Reports;

/// <summary>One requested e-file and where it is in its lifecycle.</summary>
/// <param name="ProtectedEmail">The recipient, encrypted at rest; set for email delivery.</param>
/// <param name="ProtectedPassword">The citizen's PDF password, encrypted at rest; removed once the file is made.</param>
/// <param name="Version">The storage version (ETag) this copy was read at: updates succeed only against it.</param>
public sealed record Report(
    ReportNumber Number,
    PersonKey PersonKey,
    ReportKind Kind,
    ReportStatus Status,
    DateOnly From,
    DateOnly To,
    IReadOnlyList<DocumentRef> Documents,
    Delivery Delivery,
    DateTimeOffset RequestedAt)
{
    public string? ProtectedEmail { get; init; }

    public string? ProtectedPassword { get; init; }

    public int? Pages { get; init; }

    public DateTimeOffset? MadeAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public string? Sha256 { get; init; }

    public string? VerificationCode { get; init; }

    /// <summary>The e-file's language; reports made before languages existed are Chinese.</summary>
    public Language Language { get; init; }

    /// <summary>How many times a stage has claimed this report; the fifth failure marks it failed.</summary>
    public int Attempts { get; init; }

    /// <summary>How many times a stage put it off because a dependency was unavailable (not counted as attempts).</summary>
    public int Deferrals { get; init; }

    /// <summary>When the current stage claimed it; another worker waits until the claim lapses.</summary>
    public DateTimeOffset? ClaimedAt { get; init; }

    public string? FailureCode { get; init; }

    public string? Version { get; init; }
}



