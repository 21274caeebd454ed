namespace EntryExit.Core.Reports;

/// <summary>Validation of the recipient and the PDF password of an emailed e-file.</summary>
public static class DeliveryRules
{
    /// <summary>A plain <c>local@domain</c> address: no display name, no line breaks (header injection), at most 254 characters.</summary>
    public static bool IsValidEmail(string? text)
    {
        if (text is null || text.Length is < 3 or > 254 || text.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '<' or '>' or ',' or ';' or '"' or '(' or ')'))
        {
            return false;
        }

        var at = text.LastIndexOf('@');
        if (at < 1 || at == text.Length - 1 || text.IndexOf('@', StringComparison.Ordinal) != at)
        {
            return false;
        }

        var domain = text[(at + 1)..];
        return domain.Contains('.', StringComparison.Ordinal) && !domain.StartsWith('.') && !domain.EndsWith('.') && !domain.Contains("..", StringComparison.Ordinal)
            && System.Net.Mail.MailAddress.TryCreate(text, out var parsed) && parsed.Address == text;
    }

    /// <summary>8–32 ASCII letters and digits, at least one of each.</summary>
    public static bool IsStrongPassword(string? text) =>
        text is { Length: >= 8 and <= 32 }
        && text.All(char.IsAsciiLetterOrDigit)
        && text.Any(char.IsAsciiLetter)
        && text.Any(char.IsAsciiDigit);
}
