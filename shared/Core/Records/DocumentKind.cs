namespace EntryExit.Core.Records;

/// <summary>The kinds of entry/exit document; the last two are served only at a counter.</summary>
public enum DocumentKind
{
    Passport,
    HkMacauPermit,
    TaiwanPermit,
    OfficialPassport,
    SeamansBook,
}

public static class DocumentKinds
{
    public static string Code(this DocumentKind kind) => kind switch
    {
        DocumentKind.Passport => "passport",
        DocumentKind.HkMacauPermit => "hk_macau_permit",
        DocumentKind.TaiwanPermit => "taiwan_permit",
        DocumentKind.OfficialPassport => "official_passport",
        DocumentKind.SeamansBook => "seamans_book",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string ChineseName(this DocumentKind kind) => kind switch
    {
        DocumentKind.Passport => "普通护照",
        DocumentKind.HkMacauPermit => "往来港澳通行证",
        DocumentKind.TaiwanPermit => "往来台湾通行证",
        DocumentKind.OfficialPassport => "因公普通护照",
        DocumentKind.SeamansBook => "海员证",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Official passports and seaman's books are never shown online (SPEC §2.7).</summary>
    public static bool IsServedOnline(this DocumentKind kind) => kind is DocumentKind.Passport or DocumentKind.HkMacauPermit or DocumentKind.TaiwanPermit;

    public static bool TryParse(string? code, out DocumentKind kind)
    {
        foreach (var candidate in Enum.GetValues<DocumentKind>())
        {
            if (candidate.Code() == code)
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
