namespace EntryExit.Core.Records;

/// <summary>A document named by kind and number, as a query or report selects it.</summary>
public sealed record DocumentRef(DocumentKind Kind, string Number);

/// <summary>The one rule for a document number, as imported and as a client names it.</summary>
public static class DocumentNumbers
{
    public const int MaxLength = 20;

    /// <summary>Trimmed and upper-cased; null unless 1–20 ASCII letters and digits.</summary>
    public static string? Normalize(string? text)
    {
        var number = text?.Trim().ToUpperInvariant();
        return string.IsNullOrEmpty(number) || number.Length > MaxLength || !number.All(char.IsAsciiLetterOrDigit) ? null : number;
    }
}
