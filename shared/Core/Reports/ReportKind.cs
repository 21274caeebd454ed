namespace EntryExit.Core.Reports;

/// <summary>What an e-file shows: entry/exit records (2.3) or passport issuances (2.4).</summary>
public enum ReportKind
{
    Records,
    Issuances,
}

/// <summary>How the citizen receives the e-file.</summary>
public enum Delivery
{
    Download,
    Email,
}

public static class ReportCodes
{
    public static string Code(this ReportKind kind) => kind == ReportKind.Records ? "records" : "issuances";

    public static string Code(this Delivery delivery) => delivery == Delivery.Download ? "download" : "email";

    public static bool TryParseKind(string? code, out ReportKind kind)
    {
        kind = code == "issuances" ? ReportKind.Issuances : ReportKind.Records;
        return code is "records" or "issuances";
    }

    public static bool TryParseDelivery(string? code, out Delivery delivery)
    {
        delivery = code == "email" ? Delivery.Email : Delivery.Download;
        return code is "download" or "email";
    }
}
