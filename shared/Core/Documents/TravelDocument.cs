using EntryExit.Core.Records;

namespace EntryExit.Core.Documents;

/// <summary>A passport or permit of a person (SPEC §2.2), with its endorsements when it is a permit.</summary>
public sealed record TravelDocument(
    DocumentKind Kind,
    string Number,
    DocumentStatus Status,
    DateOnly IssuedOn,
    DateOnly ExpiresOn,
    string IssuingAuthority,
    string PlaceOfIssue)
{
    public IReadOnlyList<Endorsement> Endorsements { get; init; } = [];

    public DocumentRef Ref => new(Kind, Number);
}

/// <summary>valid 有效 / expired 已过期 / void 已作废 / reported lost 已挂失.</summary>
public enum DocumentStatus
{
    Valid,
    Expired,
    Void,
    ReportedLost,
}

public static class DocumentStatuses
{
    public static string Code(this DocumentStatus status) => status switch
    {
        DocumentStatus.Valid => "valid",
        DocumentStatus.Expired => "expired",
        DocumentStatus.Void => "void",
        _ => "reported_lost",
    };

    public static string ChineseName(this DocumentStatus status) => status switch
    {
        DocumentStatus.Valid => "有效",
        DocumentStatus.Expired => "已过期",
        DocumentStatus.Void => "已作废",
        _ => "已挂失",
    };

    public static bool TryParse(string? code, out DocumentStatus status)
    {
        foreach (var candidate in Enum.GetValues<DocumentStatus>())
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
}
