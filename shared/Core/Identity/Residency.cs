namespace EntryExit.Core.Identity;

/// <summary>Where the person resides; only mainland residents are served online (SPEC §2.7).</summary>
public enum Residency
{
    Mainland,
    HongKong,
    Macau,
    Taiwan,
}

public static class ResidencyCodes
{
    public static string Code(this Residency residency) => residency switch
    {
        Residency.Mainland => "mainland",
        Residency.HongKong => "hong_kong",
        Residency.Macau => "macau",
        Residency.Taiwan => "taiwan",
        _ => throw new ArgumentOutOfRangeException(nameof(residency)),
    };

    public static bool TryParse(string? code, out Residency residency)
    {
        (var ok, residency) = code switch
        {
            "mainland" => (true, Residency.Mainland),
            "hong_kong" => (true, Residency.HongKong),
            "macau" => (true, Residency.Macau),
            "taiwan" => (true, Residency.Taiwan),
            _ => (false, Residency.Mainland),
        };
        return ok;
    }
}
