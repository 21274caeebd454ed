using EntryExit.Core.Identity;
using EntryExit.Core.Issuances;
using EntryExit.Core.Records;

namespace EntryExit.Core.Reports;

/// <summary>What every e-file says of itself: its number, the query date, when it was made, how a reader checks it.</summary>
/// <param name="VerificationUrl">Where the QR code leads: the public verification endpoint with number and code.</param>
/// <param name="Language">Chinese only, or Chinese with English (SPEC §2.5).</param>
public sealed record EFileIssue(ReportNumber Number, DateOnly QueryDate, DateTimeOffset MadeAt, string VerificationCode, Uri VerificationUrl, Language Language = Language.Zh);

/// <summary>The person an e-file is about, as the population record has them.</summary>
/// <param name="NameLatin">The holder's passport spelling, printed beside the Chinese name in a bilingual e-file.</param>
public sealed record EFileHolder(PersonName Name, Sex Sex, DateOnly BirthDate, ResidentIdNumber IdNumber, LatinName? NameLatin = null);

/// <summary>Everything drawn on a records e-file (SPEC §2.5). Plain data: the renderer decides nothing.</summary>
/// <param name="Crossings">Newest first, numbered 1.. in this order.</param>
public sealed record RecordsEFileContent(EFileIssue Issue, EFileHolder Holder, DateOnly From, DateOnly To, IReadOnlyList<Crossing> Crossings);

/// <summary>
/// Everything drawn on a passport issuances e-file (护照签发记录, SPEC §2.4): the ID number stands beside each passport,
/// which shows that the ID card and the passports belong to one person.
/// </summary>
/// <param name="Passports">In the order to list them (newest first), numbered 1.. in this order.</param>
public sealed record IssuancesEFileContent(EFileIssue Issue, EFileHolder Holder, IReadOnlyList<Issuance> Passports);

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
