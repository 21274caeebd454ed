using System.Text.Json;
using EntryExit.Core.Identity;
using EntryExit.Core.Problems;
using EntryExit.Core.Records;
using EntryExit.Core.Security;
using EntryExit.Core.Telemetry;
using EntryExit.Core.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EntryExit.Core.Reports;

/// <summary>Requests e-files and shows them to their owner (SPEC §2.5, <c>/api/reports</c>).</summary>
public sealed partial class ReportService(
    IReportStore reports,
    RecordsService records,
    ReportQuota quota,
    IPersonStore people,
    IReportQueue queue,
    IReportFiles files,
    IdempotentReports idempotentReports,
    IPersonKeys personKeys,
    IPersonalDataProtector protector,
    IAuditLog audit,
    ISecureRandom random,
    TimeProvider clock,
    IOptions<ReportsOptions> options,
    EntryExitMetrics metrics,
    ILogger<ReportService> logger)
{
    private const int NumberAttempts = 10;

    /// <param name="idempotencyKey">The <c>Idempotency-Key</c> header, if sent: the same key with the same request within 24 h answers the same report.</param>
    public async Task<Result<Report>> RequestAsync(AccessGrant grant, ReportRequest request, string? idempotencyKey, ClientAddress client, CancellationToken cancellationToken)
    {
        var result = idempotencyKey is not null && !IdempotencyClaim.IsValidKey(idempotencyKey)
            ? ApiProblems.InvalidIdempotencyKey()
            : await CreateAsync(grant, request, idempotencyKey, cancellationToken);
        var outcome = result.IsSuccess ? "queued" : result.Problem.Code;
        await audit.RecordAsync(new AuditEntry(clock.GetUtcNow(), "report.request", outcome, grant.PersonKey, client.Network, result.Value?.Number.Value), cancellationToken);
        return result;
    }

    private async Task<Result<Report>> CreateAsync(AccessGrant grant, ReportRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        // A token for nobody is a bad token: otherwise the render stage would fail on a report nobody can own.
        if (await people.FindAsync(grant.PersonKey, cancellationToken) is null)
        {
            return ApiProblems.TokenInvalid();
        }

        if (!ReportCodes.TryParseKind(request.Kind, out var kind))
        {
            return ApiProblems.InvalidField("invalid_kind", "kind", "文件类型须为 records 或 issuances。");
        }

        if (!Languages.TryParse(request.Language, out var language))
        {
            return ApiProblems.InvalidLanguage();
        }

        var today = ChinaTime.Today(clock);
        RecordsRange range;
        IReadOnlyList<DocumentRef> documents;
        if (kind == ReportKind.Records)
        {
            var selection = await records.ResolveAsync(grant, request.Range, request.From, request.To, request.Documents, cancellationToken);
            if (!selection.IsSuccess)
            {
                return selection.Problem;
            }

            (range, documents, _) = selection.Value;
        }
        else
        {
            // The issuances e-file lists every passport ever issued: it has no period and no document choice.
            range = new RecordsRange("all", today, today);
            documents = [];
        }

        if (!ReportCodes.TryParseDelivery(request.Delivery, out var delivery))
        {
            return ApiProblems.InvalidField("invalid_delivery", "delivery", "交付方式须为 download 或 email。");
        }

        if (delivery == Delivery.Email && !DeliveryRules.IsValidEmail(request.Email))
        {
            return ApiProblems.InvalidEmail();
        }

        if (delivery == Delivery.Email && !DeliveryRules.IsStrongPassword(request.Password))
        {
            return ApiProblems.WeakPassword();
        }

        Report Build(ReportNumber number) => new(number, grant.PersonKey, kind, ReportStatus.Queued, range.From, range.To, documents, delivery, clock.GetUtcNow())
        {
            ProtectedEmail = delivery == Delivery.Email ? protector.Protect(request.Email!, number.Value) : null,
            ProtectedPassword = delivery == Delivery.Email ? protector.Protect(request.Password!, number.Value) : null,
            VerificationCode = NewVerificationCode(),
            Language = language,
        };

        if (idempotencyKey is not null)
        {
            return await idempotentReports.FindOrCreateAsync(
                grant.PersonKey,
                idempotencyKey,
                personKeys.KeyOfRequest(JsonSerializer.Serialize(request)),
                () => NewNumber(today),
                async number =>
                {
                    // The quota is counted only when a report is about to be created: a retry answered with the report it
                    // already made costs nothing, and a twin that lost the race gives its count back.
                    if (await quota.TryTakeAsync(grant.PersonKey, cancellationToken) is { } retryAfter)
                    {
                        return ApiProblems.ReportQuotaExceeded(retryAfter);
                    }

                    var report = Build(number);
                    if (await TryCreateAsync(report, cancellationToken))
                    {
                        return report;
                    }

                    await quota.GiveBackAsync(grant.PersonKey, cancellationToken);
                    return null;
                },
                cancellationToken);
        }

        // Counted last, so that a request refused for its content spends nothing of the day's quota.
        if (await quota.TryTakeAsync(grant.PersonKey, cancellationToken) is { } quotaRetryAfter)
        {
            return ApiProblems.ReportQuotaExceeded(quotaRetryAfter);
        }

        for (var attempt = 0; attempt < NumberAttempts; attempt++)
        {
            var report = Build(NewNumber(today));
            if (await TryCreateAsync(report, cancellationToken))
            {
                return report;
            }
        }

        throw new InvalidOperationException("No free report number after several attempts.");
    }

    private async Task<bool> TryCreateAsync(Report report, CancellationToken cancellationToken)
    {
        if (!await reports.TryCreateAsync(report, cancellationToken))
        {
            return false;
        }

        await queue.EnqueueRenderAsync(report.Number, TimeSpan.Zero, cancellationToken);
        LogQueued(logger, report.Number.Value, report.Kind.Code(), report.Delivery.Code(), report.Language.Code());
        metrics.ReportRequested(report.Kind, report.Language);
        return true;
    }

    private ReportNumber NewNumber(DateOnly today) => ReportNumber.Create(today, random.NextInt(1_000_000));

    public async Task<Result<ReportView>> GetAsync(AccessGrant grant, string? number, CancellationToken cancellationToken)
    {
        if (!ReportNumber.TryParse(number, out var reportNumber))
        {
            return ApiProblems.ReportNotFound();
        }

        var report = await reports.FindAsync(reportNumber, cancellationToken);

        // Another person's report is answered exactly like one that does not exist.
        if (report is null || report.PersonKey != grant.PersonKey)
        {
            return ApiProblems.ReportNotFound();
        }

        Uri? downloadUrl = null;
        if (report.Delivery == Delivery.Download && report.Status.HoldsFile() && report.ExpiresAt > clock.GetUtcNow())
        {
            var linkExpiry = clock.GetUtcNow().AddMinutes(options.Value.DownloadLinkMinutes);
            downloadUrl = await files.GetDownloadUrlAsync(reportNumber, linkExpiry < report.ExpiresAt ? linkExpiry : report.ExpiresAt.Value, cancellationToken);
        }

        return new ReportView(report, downloadUrl);
    }

    private string NewVerificationCode()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        Span<char> code = stackalloc char[10];
        for (var i = 0; i < code.Length; i++)
        {
            code[i] = alphabet[random.NextInt(alphabet.Length)];
        }

        return new string(code);
    }

    [LoggerMessage(LogLevel.Information, "Report {ReportNumber} queued ({Kind}, {Delivery}, {Language})")]
    private static partial void LogQueued(ILogger logger, string reportNumber, string kind, string delivery, string language);
}
