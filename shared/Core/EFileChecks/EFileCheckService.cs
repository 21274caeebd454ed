using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EntryExit.Core.Identity;
using EntryExit.Core.Issuer;
using EntryExit.Core.Problems;
using EntryExit.Core.Reports;
using EntryExit.Core.Security;
using EntryExit.Core.Telemetry;
using Microsoft.Extensions.Options;

namespace EntryExit.Core.EFileChecks;

public sealed class EFileChecksOptions
{
    public const string Section = "EFileChecks";

    /// <summary>
    /// Failed number + code look-ups from one client address within <c>Lockout:WindowMinutes</c> that lock the address
    /// for <c>Lockout:LockMinutes</c> (429).
    /// </summary>
    [Range(1, 100_000)]
    public int MaxLookupFailuresPerClient { get; set; } = 30;
}

/// <summary>
/// The answer to an uploaded e-file (SPEC §2.6), with nothing personal in it: only what the file itself says and
/// whether the issuer's record agrees.
/// </summary>
/// <param name="SignatureValid">The signature is intact (<see cref="PdfSignatureFacts.Intact"/>) and was made with one of our issuer certificates, current or earlier.</param>
/// <param name="Unaltered">The signature is intact and covers the whole file (<see cref="PdfSignatureFacts.CoversWholeFile"/>), whoever made it.</param>
/// <param name="SignedByIssuer">The signer certificate is one of ours (the current issuer certificate or one in the history).</param>
/// <param name="SignedBy">The signer certificate's common name, as the file claims it.</param>
/// <param name="SignerCertificateSha256">Lower-case hex SHA-256 of the signer certificate: compare it with the downloaded issuer certificate.</param>
/// <param name="Number">The e-file number read from the signed revision, when it is one.</param>
/// <param name="Known">An e-file with that number was issued.</param>
/// <param name="MatchesRecord">The uploaded bytes have the SHA-256 recorded when that e-file was made.</param>
public sealed record EFileCheck(
    bool SignatureValid,
    bool Unaltered,
    bool SignedByIssuer,
    string? SignedBy,
    string? SignerCertificateSha256,
    DateTimeOffset? SignedAt,
    string? Number,
    bool Known,
    bool MatchesRecord);

/// <summary>What the issuer recorded about an e-file, for whoever has its number and verification code.</summary>
public sealed record RecordedEFile(ReportKind Kind, DateTimeOffset? MadeAt, int? Pages, string? Sha256)
{
    public Language Language { get; init; }
}

/// <summary>
/// Third-party checks of e-files (SPEC §2.6): an uploaded PDF (<c>POST /api/verifications/document</c>) and a number
/// with its verification code (<c>GET /api/verifications/document/{number}?code=</c>).
/// </summary>
public sealed class EFileCheckService(
    ISignedPdfReader reader,
    IssuerCertificates issuer,
    IReportStore reports,
    Lockout lockout,
    IPersonKeys personKeys,
    IAuditLog audit,
    TimeProvider clock,
    IOptions<EFileChecksOptions> options,
    EntryExitMetrics metrics)
{
    /// <summary>The largest PDF accepted (SPEC §5: 20 MB).</summary>
    public const int MaxPdfBytes = 20 * 1024 * 1024;

    public async Task<Result<EFileCheck>> CheckAsync(ReadOnlyMemory<byte> pdf, string? password, ClientAddress client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var reading = reader.Read(pdf, string.IsNullOrEmpty(password) ? null : password);
        switch (reading.Outcome)
        {
            case SignedPdfOutcome.NotAPdf:
                await AuditAsync("efile.check", "not_a_pdf", null, client, null, cancellationToken);
                return ApiProblems.NotAPdf();
            case SignedPdfOutcome.PasswordRequired:
                await AuditAsync("efile.check", "pdf_password_required", null, client, null, cancellationToken);
                return ApiProblems.PdfPasswordRequired();
            case SignedPdfOutcome.PasswordWrong:
                await AuditAsync("efile.check", "pdf_password_wrong", null, client, null, cancellationToken);
                return ApiProblems.PdfPasswordWrong();
            case SignedPdfOutcome.TooComplex:
                await AuditAsync("efile.check", "pdf_too_complex", null, client, null, cancellationToken);
                return ApiProblems.PdfTooComplex();
        }

        var signature = reading.Signature;
        var signer = signature?.Signer;
        var ours = signer is not null && await issuer.IsOursAsync(signer, cancellationToken);
        ReportNumber? number = ReportNumber.TryParse(reading.Subject?.Trim(), out var parsed) ? parsed : null;
        var signatureValid = signature is { Intact: true } && ours;

        // Only a file the issuer provably signed is compared with the record: anything else (unsigned, another signer,
        // our public certificate pasted into a broken CMS) would otherwise probe which numbers were issued.
        var report = signatureValid && number is { } n ? await reports.FindAsync(n, cancellationToken) : null;
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(pdf.Span));
        var matchesRecord = report?.Sha256 is { } recorded
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(recorded.ToLowerInvariant()), Encoding.ASCII.GetBytes(sha256));

        var check = new EFileCheck(
            SignatureValid: signatureValid,
            Unaltered: signature is { Intact: true, CoversWholeFile: true },
            SignedByIssuer: ours,
            SignedBy: signer?.GetNameInfo(X509NameType.SimpleName, forIssuer: false),
            SignerCertificateSha256: signer is null ? null : IssuerCertificateFingerprint.Sha256(signer),
            SignedAt: signature?.SignedAt,
            Number: number?.Value,
            Known: report is not null,
            MatchesRecord: matchesRecord);
        var outcome = check is { SignatureValid: true, Unaltered: true, MatchesRecord: true } ? "genuine" : "not_genuine";
        await AuditAsync("efile.check", outcome, report?.PersonKey, client, number?.Value, cancellationToken);
        return check;
    }

    /// <summary>
    /// The record of the e-file with this number, for the right verification code only: a wrong code and an unknown
    /// number are the same 404, and each counts as a failure of the client address (429 once it is locked).
    /// </summary>
    public async Task<Result<RecordedEFile>> LookupAsync(string? number, string? code, ClientAddress client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var subject = "lookup:" + personKeys.KeyOf(client);
        var now = clock.GetUtcNow();
        if (await lockout.LockedUntilAsync([subject], cancellationToken) is { } lockedUntil)
        {
            await AuditAsync("efile.lookup", "lookup_locked", null, client, null, cancellationToken);
            return ApiProblems.LookupLocked((int)Math.Ceiling((lockedUntil - now).TotalSeconds));
        }

        var report = ReportNumber.TryParse(number, out var reportNumber) ? await reports.FindAsync(reportNumber, cancellationToken) : null;

        // Compared in constant time, and compared also when there is no report, so neither timing nor answer tells
        // an unknown number from a wrong code.
        var codeMatches = CodesMatch(report?.VerificationCode, code);
        if (report is null || report.VerificationCode is null || !codeMatches)
        {
            await lockout.RecordFailureAsync(subject, options.Value.MaxLookupFailuresPerClient, cancellationToken);
            await AuditAsync("efile.lookup", "report_not_found", null, client, null, cancellationToken);
            return ApiProblems.ReportNotFound();
        }

        await AuditAsync("efile.lookup", "found", report.PersonKey, client, report.Number.Value, cancellationToken);
        return new RecordedEFile(report.Kind, report.MadeAt, report.Pages, report.Sha256) { Language = report.Language };
    }

    /// <summary>Upper case, without spaces and hyphens (people type what they read), then a fixed-time comparison.</summary>
    private static bool CodesMatch(string? expected, string? given)
    {
        var normalised = (given ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
        var expectedBytes = Encoding.UTF8.GetBytes(expected ?? "\0\0\0\0\0\0\0\0\0\0");
        var givenBytes = Encoding.UTF8.GetBytes(normalised);
        return CryptographicOperations.FixedTimeEquals(expectedBytes, givenBytes) && expected is not null;
    }

    /// <summary>Every check and look-up ends here, so the audit and the metric count the same outcomes.</summary>
    private Task AuditAsync(string action, string outcome, PersonKey? person, ClientAddress client, string? subject, CancellationToken cancellationToken)
    {
        metrics.EFileChecked(action == "efile.lookup" ? "lookup" : "document", outcome);
        return audit.RecordAsync(new AuditEntry(clock.GetUtcNow(), action, outcome, person, client.Network, subject), cancellationToken);
    }
}
