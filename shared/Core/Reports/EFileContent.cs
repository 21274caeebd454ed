using EntryExit.Core.Identity;
using EntryExit.Core.Issuances;
using EntryExit.Core.Records;

namespace EntryExit.Core.Reports;

/// <summary>Everything drawn on a records e-file (SPEC §2.5). Plain data: the renderer decides nothing.</summary>
/// <param name="Crossings">Newest first, numbered 1.. in this order.</param>
/// <param name="VerificationUrl">Where the QR code leads: the public verification endpoint with number and code.</param>
public sealed record RecordsEFileContent(
    ReportNumber Number,
    DateOnly QueryDate,
    PersonName Name,
    Sex Sex,
    DateOnly BirthDate,
    ResidentIdNumber IdNumber,
    DateOnly From,
    DateOnly To,
    IReadOnlyList<Crossing> Crossings,
    DateTimeOffset MadeAt,
    string VerificationCode,
    Uri VerificationUrl)
{
    /// <summary>Chinese only, or Chinese with English (SPEC §2.5).</summary>
    public Language Language { get; init; }

    /// <summary>The holder's passport spelling, printed beside the Chinese name in a bilingual e-file.</summary>
    public LatinName? NameLatin { get; init; }
}

/// <summary>
/// Everything drawn on a passport issuances e-file (护照签发记录, SPEC §2.4): the ID number stands beside each passport,
/// which shows that the ID card and the passports belong to one person.
/// </summary>
/// <param name="Passports">In the order to list them (newest first), numbered 1.. in this order.</param>
/// <param name="VerificationUrl">Where the QR code leads: the public verification endpoint with number and code.</param>
public sealed record IssuancesEFileContent(
    ReportNumber Number,
    DateOnly QueryDate,
    PersonName Name,
    Sex Sex,
    DateOnly BirthDate,
    ResidentIdNumber IdNumber,
    IReadOnlyList<Issuance> Passports,
    DateTimeOffset MadeAt,
    string VerificationCode,
    Uri VerificationUrl)
{
    /// <summary>Chinese only, or Chinese with English (SPEC §2.5).</summary>
    public Language Language { get; init; }

    /// <summary>The holder's passport spelling, printed beside the Chinese name in a bilingual e-file.</summary>
    public LatinName? NameLatin { get; init; }
}

/// <summary>A drawn e-file: the PDF bytes and how many pages it has.</summary>
public sealed record RenderedEFile(byte[] Pdf, int Pages);

/// <summary>How an e-file is protected beyond its signature (SPEC §2.5).</summary>
/// <param name="UserPassword">
/// The citizen's password for an emailed e-file: the PDF is then encrypted (AES-256) and opens only with it. Null for a
/// download, which is not encrypted.
/// </param>
public sealed record EFileProtection(string? UserPassword)
{
    /// <summary>Signed, not encrypted: downloads.</summary>
    public static EFileProtection None { get; } = new((string?)null);

    /// <summary>Signed and encrypted with the citizen's password: emailed files.</summary>
    public static EFileProtection WithPassword(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        return new EFileProtection(password);
    }

    /// <summary>The password stays out of logs and exception messages.</summary>
    public override string ToString() => UserPassword is null ? "EFileProtection { None }" : "EFileProtection { UserPassword = *** }";
}

/// <summary>
/// Draws either kind of e-file, signs it with the key it is handed (none: unsigned) and, for emailed files, encrypts it.
/// The key is resolved before drawing starts (<see cref="IEFileSigningKeyProvider"/>). Asynchronous because the drawing
/// awaits its pages' compression and the signature may be made remotely: no thread is held while either is pending.
/// </summary>
public interface IEFileRenderer
{
    Task<RenderedEFile> RenderRecordsAsync(
        RecordsEFileContent content, IEFileSigningKey? signingKey = null, EFileProtection? protection = null, CancellationToken cancellationToken = default);

    Task<RenderedEFile> RenderIssuancesAsync(
        IssuancesEFileContent content, IEFileSigningKey? signingKey = null, EFileProtection? protection = null, CancellationToken cancellationToken = default);
}
