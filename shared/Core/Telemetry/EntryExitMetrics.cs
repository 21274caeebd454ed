using System.Diagnostics.Metrics;
using EntryExit.Core.Reports;

namespace EntryExit.Core.Telemetry;

/// <summary>
/// The pipeline's own metrics, on one <see cref="Meter"/> (exported to Application Insights as custom metrics; the
/// workbook and alerts in infra/ query them by these names). Dimensions are codes from a short fixed list — kind,
/// language, stage, outcome — never a person, a number or an address.
/// </summary>
public sealed class EntryExitMetrics
{
    public const string MeterName = "EntryExit";

    private readonly Counter<long> _reportsRequested;
    private readonly Counter<long> _reportsReady;
    private readonly Counter<long> _reportsSent;
    private readonly Counter<long> _reportsFailed;
    private readonly Histogram<double> _renderDuration;
    private readonly Histogram<int> _renderPages;
    private readonly Counter<long> _emailDeferrals;
    private readonly Counter<long> _verifications;
    private readonly Counter<long> _importLines;
    private readonly Counter<long> _efileChecks;
    private readonly Counter<long> _stuckReportsRequeued;

    public EntryExitMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _reportsRequested = meter.CreateCounter<long>(Names.ReportsRequested, "{report}", "Reports accepted and queued for rendering");
        _reportsReady = meter.CreateCounter<long>(Names.ReportsReady, "{report}", "E-files rendered and stored");
        _reportsSent = meter.CreateCounter<long>(Names.ReportsSent, "{report}", "E-files emailed");
        _reportsFailed = meter.CreateCounter<long>(Names.ReportsFailed, "{report}", "Reports marked failed after their last attempt");
        _renderDuration = meter.CreateHistogram<double>(Names.RenderDuration, "ms", "Time to draw, sign and store one e-file");
        _renderPages = meter.CreateHistogram<int>(Names.RenderPages, "{page}", "Pages of each rendered e-file");
        _emailDeferrals = meter.CreateCounter<long>(Names.EmailDeferrals, "{deferral}", "Email sends put off because the mail service was down or throttling");
        _verifications = meter.CreateCounter<long>(Names.Verifications, "{verification}", "Identity verification outcomes");
        _importLines = meter.CreateCounter<long>(Names.ImportLines, "{line}", "Import lines committed, by outcome");
        _efileChecks = meter.CreateCounter<long>(Names.EFileChecks, "{check}", "Third-party e-file checks (upload or number + code), by outcome");
        _stuckReportsRequeued = meter.CreateCounter<long>(Names.StuckReportsRequeued, "{report}", "Reports found stuck in a stage and queued again");
    }

    public void ReportRequested(ReportKind kind, Language language) => _reportsRequested.Add(1, Kind(kind), LanguageTag(language));

    public void ReportReady(ReportKind kind, Language language, TimeSpan renderTime, int pages)
    {
        _reportsReady.Add(1, Kind(kind), LanguageTag(language));
        _renderDuration.Record(renderTime.TotalMilliseconds, Kind(kind), LanguageTag(language));
        _renderPages.Record(pages, Kind(kind), LanguageTag(language));
    }

    public void ReportSent(ReportKind kind, Language language) => _reportsSent.Add(1, Kind(kind), LanguageTag(language));

    /// <param name="stage"><c>render</c> or <c>email</c>: where the last attempt failed.</param>
    public void ReportFailed(ReportKind kind, Language language, string stage) =>
        _reportsFailed.Add(1, Kind(kind), LanguageTag(language), new("stage", stage));

    public void EmailDeferred() => _emailDeferrals.Add(1);

    public void Verification(VerificationOutcome outcome) => _verifications.Add(1, new KeyValuePair<string, object?>("outcome", Code(outcome)));

    public void ImportLines(long accepted, long rejected)
    {
        if (accepted > 0)
        {
            _importLines.Add(accepted, new KeyValuePair<string, object?>("outcome", "accepted"));
        }

        if (rejected > 0)
        {
            _importLines.Add(rejected, new KeyValuePair<string, object?>("outcome", "rejected"));
        }
    }

    /// <param name="check"><c>document</c> (an uploaded PDF) or <c>lookup</c> (number + code).</param>
    /// <param name="outcome">The audit outcome code, e.g. <c>genuine</c>, <c>not_genuine</c>, <c>not_a_pdf</c>, <c>found</c>.</param>
    public void EFileChecked(string check, string outcome) =>
        _efileChecks.Add(1, new KeyValuePair<string, object?>("check", check), new KeyValuePair<string, object?>("outcome", outcome));

    /// <param name="stage"><c>render</c> or <c>email</c>: the queue the report was put back on.</param>
    public void StuckReportRequeued(string stage) => _stuckReportsRequeued.Add(1, new KeyValuePair<string, object?>("stage", stage));

    public static string Code(VerificationOutcome outcome) => outcome switch
    {
        VerificationOutcome.Started => "started",
        VerificationOutcome.Verified => "verified",
        VerificationOutcome.NotVerified => "not_verified",
        VerificationOutcome.Locked => "locked",
        VerificationOutcome.FaceFailed => "face_failed",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    private static KeyValuePair<string, object?> Kind(ReportKind kind) => new("kind", kind.Code());

    private static KeyValuePair<string, object?> LanguageTag(Language language) => new("language", language.Code());

    /// <summary>The instrument names: the workbook, the alerts and the tests use these strings.</summary>
    public static class Names
    {
        public const string ReportsRequested = "entryexit.reports.requested";
        public const string ReportsReady = "entryexit.reports.ready";
        public const string ReportsSent = "entryexit.reports.sent";
        public const string ReportsFailed = "entryexit.reports.failed";
        public const string RenderDuration = "entryexit.efile.render.duration";
        public const string RenderPages = "entryexit.efile.render.pages";
        public const string EmailDeferrals = "entryexit.reports.email.deferrals";
        public const string Verifications = "entryexit.verifications";
        public const string ImportLines = "entryexit.import.lines";
        public const string EFileChecks = "entryexit.efile.checks";
        public const string StuckReportsRequeued = "entryexit.reports.stuck.requeued";
    }
}

/// <summary>How a verification step ended, as counted for the operators (an attack shows as failures and locks).</summary>
public enum VerificationOutcome
{
    Started,
    Verified,
    NotVerified,
    Locked,
    FaceFailed,
}
