using System.Globalization;
using EntryExit.Core.Documents;
using EntryExit.Core.Issuances;
using EntryExit.Core.Records;

namespace EntryExit.Storage.Documents;

/// <summary>
/// Row keys of the Documents and Issuances tables. Documents sort newest issue first (<c>D_</c> + inverted
/// yyyyMMdd); endorsements (<c>E_</c>) follow in the same partition, so one scan reads a person's documents whole.
/// </summary>
internal static class DocumentKeys
{
    public const string DocumentPrefix = "D_";
    public const string EndorsementPrefix = "E_";

    public static string Document(TravelDocument document) =>
        string.Create(CultureInfo.InvariantCulture, $"{DocumentPrefix}{Inverted(document.IssuedOn)}_{document.Kind.Code()}_{document.Number}");

    public static string Endorsement(DocumentRef document, Endorsement e) =>
        string.Create(CultureInfo.InvariantCulture, $"{EndorsementPrefix}{document.Kind.Code()}_{document.Number}_{Inverted(e.ValidFrom)}_{e.Destination}_{e.Type}_{e.Entries}");

    public static string Issuance(Issuance issuance) =>
        string.Create(CultureInfo.InvariantCulture, $"{Inverted(issuance.IssuedOn)}_{issuance.PassportNumber}");

    /// <summary>99999999 − yyyyMMdd, eight digits: later dates sort first.</summary>
    private static string Inverted(DateOnly date) =>
        (99_999_999 - ((date.Year * 10_000) + (date.Month * 100) + date.Day)).ToString("D8", CultureInfo.InvariantCulture);
}
