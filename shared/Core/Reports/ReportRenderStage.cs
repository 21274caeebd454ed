using System.Security.Cryptography;
using EntryExit.Core.Documents;
using EntryExit.Core.Identity;
using EntryExit.Core.Issuances;
using EntryExit.Core.Security;
using EntryExit.Core.Records;
using EntryExit.Core.Telemetry;
using EntryExit.Core.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EntryExit.Core.Reports;

/// <summary>The render stage: draws a queued report's e-file into private storage and hands emailed ones on.</summary>
public sealed partial class ReportRenderStage(
    ReportClaims claims,
    IReportStore reports,
    IPersonStore people,
    ICrossingStore crossings,
    IEFileSigningKeyProvider signingKeys,
    IEFileRenderer renderer,
    IReportFiles files,
    IReportQueue queue,
    IIssuanceStore issuances,
    IPersonalDataProtector protector,
    TimeProvider clock,
    IOptions<ReportsOptions> options,
    EntryExitMetrics metrics,
    ILogger<ReportRenderStage> logger)
{
    private const int ReadPageSize = 1000;

    public async Task RenderAsync(ReportNumber number, CancellationToken cancellationToken)
    {
        var claim = await claims.ClaimAsync(number, ReportStatus.Queued, ReportStatus.Rendering, cancellationToken);
        switch (claim)
        {
            case Claim.Busy busy:
                await queue.EnqueueRenderAsync(number, busy.RetryAfter, cancellationToken);
                return;
            case Claim.Nothing { Report: { Status: ReportStatus.Ready, Delivery: Delivery.Email } ready }:
                // Rendered before, but the hand-over to the email stage may have been lost: repeat it, the email stage is idempotent.
                await queue.EnqueueEmailAsync(ready.Number, TimeSpan.Zero, cancellationToken);
                return;
            case Claim.Nothing:
                return;
        }

        var held = ((Claim.Held)claim).Report;
        Report made;
        var started = clock.GetTimestamp();
        try
        {
            made = await MakeAsync(held, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRenderFailed(logger, e, number.Value, held.Attempts);
            await claims.ReleaseAfterFailureAsync(held, ReportStatus.Queued, "render_failed", CancellationToken.None);
            throw;
        }

        if (await reports.TryUpdateAsync(made, cancellationToken) is null)
        {
            LogLostClaim(logger, number.Value);
            return;
        }

        var elapsed = clock.GetElapsedTime(started);
        LogRendered(logger, number.Value, made.Pages ?? 0, Math.Round(elapsed.TotalMilliseconds, 1));
        metrics.ReportReady(made.Kind, made.Language, elapsed, made.Pages ?? 0);
        if (made.Delivery == Delivery.Email)
        {
            await queue.EnqueueEmailAsync(number, TimeSpan.Zero, cancellationToken);
        }
    }

    private async Task<Report> MakeAsync(Report report, CancellationToken cancellationToken)
    {
        var person = await people.FindAsync(report.PersonKey, cancellationToken)
            ?? throw new InvalidOperationException("The report's owner is not in the population record.");
        var madeAt = clock.GetUtcNow();
        var settings = options.Value;
        // What the QR code opens: the verification page, which checks number + code at once (SPEC §2.6).
        var verificationUrl = new Uri($"{settings.PublicBaseUrl.TrimEnd('/')}/verify?n={report.Number}&c={report.VerificationCode}");

        // Emailed files open only with the citizen's password; downloads are protected by their short-lived URL.
        var protection = report.Delivery == Delivery.Email && report.ProtectedPassword is { } password
            ? EFileProtection.WithPassword(protector.Unprotect(password, report.Number.Value))
            : EFileProtection.None;
        var signingKey = await signingKeys.GetSigningKeyAsync(cancellationToken);
        var issue = new EFileIssue(report.Number, ChinaTime.DateOf(report.RequestedAt), madeAt, report.VerificationCode ?? "", verificationUrl, report.Language);
        var holder = new EFileHolder(person.Name, person.Sex, person.BirthDate, person.IdNumber, person.NameLatin);
        var file = report.Kind == ReportKind.Issuances
            ? await renderer.RenderIssuancesAsync(
                new IssuancesEFileContent(issue, holder, await issuances.ListAsync(report.PersonKey, cancellationToken)), signingKey, protection, cancellationToken)
            : await renderer.RenderRecordsAsync(
                new RecordsEFileContent(issue, holder, report.From, report.To, await AllCrossingsAsync(report, cancellationToken)), signingKey, protection, cancellationToken);
        await files.SaveAsync(report.Number, file.Pdf, cancellationToken);
        return report with
        {
            Status = ReportStatus.Ready,
            Pages = file.Pages,
            MadeAt = madeAt,
            ExpiresAt = madeAt.AddDays(settings.RetentionDays),
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(file.Pdf)),
            ClaimedAt = null,
            ProtectedPassword = null,

            // The next stage gets attempts of its own.
            Attempts = 0,
            Deferrals = 0,
        };
    }

    private async Task<List<Crossing>> AllCrossingsAsync(Report report, CancellationToken cancellationToken)
    {
        var range = new RecordsRange("custom", report.From, report.To);
        var all = new List<Crossing>();
        string? after = null;
        do
        {
            var page = await crossings.QueryAsync(report.PersonKey, range.Start, range.End, report.Documents, ReadPageSize, after, cancellationToken);
            all.AddRange(page.Crossings);
            after = page.ContinuationRowKey;
        }
        while (after is not null);

        return all;
    }

    // RenderMilliseconds is what the workbook's p50/p95 read: exported metrics keep sums and counts, not percentiles.
    [LoggerMessage(LogLevel.Information, "Report {ReportNumber} rendered, {Pages} pages in {RenderMilliseconds} ms")]
    private static partial void LogRendered(ILogger logger, string reportNumber, int pages, double renderMilliseconds);

    [LoggerMessage(LogLevel.Warning, "Report {ReportNumber} was taken over by another worker; its outcome stands")]
    private static partial void LogLostClaim(ILogger logger, string reportNumber);

    [LoggerMessage(LogLevel.Error, "Rendering report {ReportNumber} failed (attempt {Attempt})")]
    private static partial void LogRenderFailed(ILogger logger, Exception exception, string reportNumber, int attempt);
}
