using System.Globalization;
using EntryExit.Core.Security;
using EntryExit.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace EntryExit.Core.Reports;

/// <summary>The email stage: sends a ready e-file to the address the citizen gave, once.</summary>
public sealed partial class ReportMailer(
    ReportClaims claims,
    IReportStore reports,
    IReportFiles files,
    IReportQueue queue,
    IEmailSender sender,
    IPersonalDataProtector protector,
    EntryExitMetrics metrics,
    ILogger<ReportMailer> logger)
{
    public async Task SendAsync(ReportNumber number, CancellationToken cancellationToken)
    {
        var claim = await claims.ClaimAsync(number, ReportStatus.Ready, ReportStatus.Sending, cancellationToken);
        switch (claim)
        {
            case Claim.Busy busy:
                await queue.EnqueueEmailAsync(number, busy.RetryAfter, cancellationToken);
                return;
            case Claim.Nothing:
                return;
        }

        var held = ((Claim.Held)claim).Report;
        if (held.Delivery != Delivery.Email || held.ProtectedEmail is null)
        {
            // Not an emailed report: give it back untouched.
            await reports.TryUpdateAsync(held with { Status = ReportStatus.Ready, ClaimedAt = null, Attempts = held.Attempts - 1 }, cancellationToken);
            return;
        }

        try
        {
            var pdf = await files.ReadAsync(number, cancellationToken)
                ?? throw new InvalidOperationException("The e-file is missing from storage.");
            await sender.SendAsync(Compose(held, protector.Unprotect(held.ProtectedEmail, number.Value), pdf), cancellationToken);
        }
        catch (Exception e) when (e is ITransientFailure transient)
        {
            // The mail service is down or throttling: come back later without spending an attempt.
            var delay = await claims.DeferAsync(held, ReportStatus.Ready, "send_deferred", transient.RetryAfter, CancellationToken.None);
            LogSendDeferred(logger, number.Value, held.Deferrals + 1, delay ?? TimeSpan.Zero);
            metrics.EmailDeferred();
            if (delay is { } wait)
            {
                await queue.EnqueueEmailAsync(number, wait, CancellationToken.None);
            }

            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogSendFailed(logger, e, number.Value, held.Attempts);
            await claims.ReleaseAfterFailureAsync(held, ReportStatus.Ready, "send_failed", CancellationToken.None);
            throw;
        }

        if (await reports.TryUpdateAsync(held with { Status = ReportStatus.Sent, ClaimedAt = null, FailureCode = null }, cancellationToken) is not null)
        {
            metrics.ReportSent(held.Kind, held.Language);
        }

        LogSent(logger, number.Value);
    }

    private static EmailMessage Compose(Report report, string to, byte[] pdf)
    {
        var subject = $"出入境记录查询结果（电子文件）{report.Number}";
        var text = string.Create(CultureInfo.InvariantCulture, $"""
            您好：

            您申请的出入境记录查询结果（电子文件）已生成，请查收附件。
            编号：{report.Number}
            查询期间：{report.From:yyyy年MM月dd日}至{report.To:yyyy年MM月dd日}

            附件为加盖电子签名的PDF文件，请使用您在申请时设置的密码打开。
            如需核验文件真伪，可通过国家移民管理局政务服务平台验证。

            本邮件由系统自动发送，请勿回复。
            国家移民管理局
            """);
        return new EmailMessage(to, subject, text, $"{report.Number}.pdf", pdf) { MessageId = $"{report.Number}@entry-exit" };
    }

    [LoggerMessage(LogLevel.Information, "Report {ReportNumber} sent by email")]
    private static partial void LogSent(ILogger logger, string reportNumber);

    [LoggerMessage(LogLevel.Warning, "Sending report {ReportNumber} deferred ({Deferrals} so far); next try in {Delay}")]
    private static partial void LogSendDeferred(ILogger logger, string reportNumber, int deferrals, TimeSpan delay);

    [LoggerMessage(LogLevel.Error, "Sending report {ReportNumber} failed (attempt {Attempt})")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string reportNumber, int attempt);
}
