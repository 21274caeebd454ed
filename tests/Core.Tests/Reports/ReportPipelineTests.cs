using EntryExit.Core.Documents;
using EntryExit.Core.Identity;
using EntryExit.Core.Issuances;
using EntryExit.Core.Records;
using EntryExit.Core.Reports;
using EntryExit.Core.Security;
using EntryExit.Core.Telemetry;
using EntryExit.Core.Tests.EFileChecks;
using EntryExit.Core.Tests.Fakes;
using EntryExit.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EntryExit.Core.Tests.Reports;

/// <summary>
/// The report services with in-memory ports: request → render → email, the state machine, attempts and deferrals.
/// No I/O; the stages run exactly as the queue functions call them.
/// </summary>
public sealed class ReportPipelineTests : IDisposable
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly ClientAddress Client = new("203.0.113.7");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
    private readonly InMemoryReportStore _reports = new();
    private readonly InMemoryCrossings _crossings = new();
    private readonly InMemoryDocuments _documents = new();
    private readonly InMemoryIssuances _issuances = new();
    private readonly InMemoryReportFiles _files = new();
    private readonly RecordingReportQueue _queue = new();
    private readonly ScriptedEmailSender _email = new();
    private readonly RecordingEFileRenderer _renderer = new();
    private readonly SwitchableKeys _signingKeys = new(new TestKey());
    private readonly InMemoryAudit _audit = new();
    private readonly InMemoryReportQuotas _quotas = new();
    private readonly InMemoryIdempotencyKeys _idempotencyKeys = new();
    private readonly RecordedMetrics _metrics = new();
    private readonly AesGcmProtector _protector = new(TestOptions.Security());
    private readonly ReportsOptions _options = new() { PublicBaseUrl = "https://api.example.test/", RetentionDays = 7, DownloadLinkMinutes = 5, MaxAttempts = 3 };
    private readonly ReportService _service;
    private readonly ReportRenderStage _render;
    private readonly ReportMailer _mailer;
    private readonly AccessGrant _grant;
    private readonly Person _person;
    private readonly TravelDocument _permit = new(DocumentKind.HkMacauPermit, "C10000001", DocumentStatus.Valid, new DateOnly(2019, 5, 1), new DateOnly(2029, 4, 30), "公安部出入境管理局", "广东");

    public ReportPipelineTests()
    {
        var keys = new HmacPersonKeys(TestOptions.Security());
        ResidentIdNumber.TryParse("11010519491231002X", new DateOnly(2026, 1, 1), out var id).Should().BeTrue();
        PersonName.TryParse("张三", out var name).Should().BeTrue();
        _person = new Person(id, name, id.Sex, id.BirthDate, Residency.Mainland);
        var people = new InMemoryPeople(keys);
        people.UpsertAsync([_person], CancellationToken.None).GetAwaiter().GetResult();
        _grant = new AccessGrant(keys.KeyOf(id), "v1", _clock.GetUtcNow().AddMinutes(15));
        _documents.UpsertAsync(_grant.PersonKey, [_permit], CancellationToken.None).GetAwaiter().GetResult();

        var options = Options.Create(_options);
        var metrics = new EntryExitMetrics(_metrics);
        var claims = new ReportClaims(_reports, _clock, options, metrics);
        var records = new RecordsService(_crossings, _documents, new PageTokens(TestOptions.Security()), _audit, _clock);
        _service = new ReportService(
            _reports, records, new ReportQuota(_quotas, _clock, options), people, _queue, _files, new IdempotentReports(_idempotencyKeys, _reports, _clock),
            keys, _protector, _audit, Random(), _clock, options, metrics, NullLogger<ReportService>.Instance);
        _render = new ReportRenderStage(claims, _reports, people, _crossings, _signingKeys, _renderer, _files, _queue, _issuances, _protector, _clock, options, metrics, NullLogger<ReportRenderStage>.Instance);
        _mailer = new ReportMailer(claims, _reports, _files, _queue, _email, _protector, metrics, NullLogger<ReportMailer>.Instance);
    }

    [Fact]
    public async Task A_download_is_queued_rendered_once_and_offered_by_a_short_lived_link()
    {
        await _crossings.UpsertAsync(_grant.PersonKey, [.. Commute(new DateOnly(2026, 10, 1), 30)], CancellationToken.None);

        var report = await RequestAsync(new ReportRequest("records", "3m", null, null, null, "download", null, null));

        report.Status.Should().Be(ReportStatus.Queued);
        report.Number.Value.Should().Be("E261125123456", "today's China date and the six digits the random source gave");
        report.VerificationCode.Should().HaveLength(10);
        _queue.Of(ReportQueues.Render).Should().Equal((report.Number, TimeSpan.Zero));
        _audit.Entries.Should().ContainSingle(e => e.Action == "report.request" && e.Outcome == "queued");

        await _render.RenderAsync(report.Number, CancellationToken.None);
        await _render.RenderAsync(report.Number, CancellationToken.None);

        _renderer.Records.Should().ContainSingle("a message delivered twice renders once");
        var drawn = _renderer.Records[0];
        drawn.Content.Crossings.Should().HaveCount(60);
        drawn.Content.Issue.VerificationUrl.Should().Be(new Uri($"https://api.example.test/verify?n={report.Number}&c={report.VerificationCode}"));
        drawn.Protection.Should().Be(EFileProtection.None, "a download is protected by its link, not a password");
        drawn.SigningKey.Should().BeSameAs(_signingKeys.Key, "the render stage resolves the key and hands it to the renderer");
        _signingKeys.Calls.Should().Be(1, "the key is resolved once per e-file, and the second delivery drew none");
        var ready = (await _reports.FindAsync(report.Number, CancellationToken.None))!;
        (ready.Status, ready.Attempts, ready.Deferrals, ready.ClaimedAt).Should().Be((ReportStatus.Ready, 0, 0, (DateTimeOffset?)null));
        ready.ExpiresAt.Should().Be(_clock.GetUtcNow().AddDays(7));
        ready.Sha256.Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(_files.Files[report.Number.Value])));
        _queue.Of(ReportQueues.Email).Should().BeEmpty();

        var view = (await _service.GetAsync(_grant, report.Number.Value, CancellationToken.None)).Value!;
        view.DownloadUrl.Should().Be(new Uri($"https://files.test/{report.Number}?se={_clock.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds()}"));
    }

    [Fact]
    public async Task A_records_report_reads_every_crossing_of_its_range_page_by_page()
    {
        await _crossings.UpsertAsync(_grant.PersonKey, [.. Commute(new DateOnly(2016, 11, 26), 3650)], CancellationToken.None);
        var report = await RequestAsync(new ReportRequest("records", "10y", null, null, null, "download", null, null));

        await _render.RenderAsync(report.Number, CancellationToken.None);

        _renderer.Records.Single().Content.Crossings.Should().HaveCount(7300).And.BeInDescendingOrder(c => c.At);
        _crossings.PageSizesAsked.Should().HaveCountGreaterThan(1).And.OnlyContain(size => size <= 1000);
        (await _reports.FindAsync(report.Number, CancellationToken.None))!.Pages.Should().Be(1 + (7300 / 40));
    }

    [Fact]
    public async Task An_emailed_report_is_encrypted_with_the_password_which_is_then_forgotten_and_sent_once()
    {
        var report = await RequestAsync(new ReportRequest("records", "1y", null, null, null, "email", "me@example.test", "Secret2026"));
        report.ProtectedEmail.Should().NotContain("me@example.test");
        report.ProtectedPassword.Should().NotContain("Secret2026");

        await _render.RenderAsync(report.Number, CancellationToken.None);

        _renderer.Records.Single().Protection.Should().Be(EFileProtection.WithPassword("Secret2026"));
        (await _reports.FindAsync(report.Number, CancellationToken.None))!.ProtectedPassword.Should().BeNull("the password is kept only until the file is made");
        _queue.Of(ReportQueues.Email).Should().Equal((report.Number, TimeSpan.Zero));

        await _mailer.SendAsync(report.Number, CancellationToken.None);
        await _mailer.SendAsync(report.Number, CancellationToken.None);

        var sent = _email.Sent.Should().ContainSingle("a message delivered twice sends once").Subject;
        (sent.To, sent.AttachmentName, sent.MessageId).Should().Be(("me@example.test", $"{report.Number}.pdf", $"{report.Number}@entry-exit"));
        sent.Attachment.Should().Equal(_files.Files[report.Number.Value]);
        (await _reports.FindAsync(report.Number, CancellationToken.None))!.Status.Should().Be(ReportStatus.Sent);
        (await _service.GetAsync(_grant, report.Number.Value, CancellationToken.None)).Value!.DownloadUrl.Should().BeNull("emailed e-files are not downloaded");
    }

    [Fact]
    public async Task A_mail_service_that_is_down_puts_the_report_off_without_spending_attempts()
    {
        var report = await RequestAsync(new ReportRequest("records", "1y", null, null, null, "email", "me@example.test", "Secret2026"));
        await _render.RenderAsync(report.Number, CancellationToken.None);
        _email.Next = new MailServiceUnavailable(TimeSpan.FromMinutes(2));

        for (var i = 0; i < 5; i++)
        {
            await _mailer.SendAsync(report.Number, CancellationToken.None);
        }

        var deferred = (await _reports.FindAsync(report.Number, CancellationToken.None))!;
        (deferred.Status, deferred.Attempts, deferred.Deferrals, deferred.FailureCode).Should().Be((ReportStatus.Ready, 0, 5, "send_deferred"));
        _queue.Of(ReportQueues.Email).Skip(1).Select(m => m.Delay).Should().OnlyContain(d => d >= TimeSpan.FromMinutes(2), "the service's Retry-After is honoured");

        _email.Next = null;
        await _mailer.SendAsync(report.Number, CancellationToken.None);
        _email.Sent.Should().ContainSingle();
        (await _reports.FindAsync(report.Number, CancellationToken.None))!.Status.Should().Be(ReportStatus.Sent);
    }

    [Fact]
    public async Task A_render_that_keeps_failing_marks_the_report_failed_after_MaxAttempts()
    {
        var report = await RequestAsync(new ReportRequest("records", "1y", null, null, null, "download", null, null));
        _renderer.Failure = new InvalidOperationException("drawing failed");

        for (var attempt = 1; attempt <= _options.MaxAttempts; attempt++)
        {
            var render = () => _render.RenderAsync(report.Number, CancellationToken.None);
            await render.Should().ThrowAsync<InvalidOperationException>("the queue retries a failed attempt");
            var after = (await _reports.FindAsync(report.Number, CancellationToken.None))!;
            after.Attempts.Should().Be(attempt);
            after.Status.Should().Be(attempt < _options.MaxAttempts ? ReportStatus.Queued : ReportStatus.Failed);
        }

        await _render.RenderAsync(report.Number, CancellationToken.None);
        _renderer.Records.Should().HaveCount(_options.MaxAttempts, "a failed report is left alone");
        (await _reports.FindAsync(report.Number, CancellationToken.None))!.FailureCode.Should().Be("render_failed");
    }

    [Fact]
    public async Task A_render_message_while_another_worker_holds_the_claim_comes_back_when_the_lease_lapses()
    {
        var report = await RequestAsync(new ReportRequest("records", "1y", null, null, null, "download", null, null));
        var stored = (await _reports.FindAsync(report.Number, CancellationToken.None))!;
        await _reports.TryUpdateAsync(stored with { Status = ReportStatus.Rendering, ClaimedAt = _clock.GetUtcNow().AddSeconds(-20), Attempts = 1 }, CancellationToken.None);

        await _render.RenderAsync(report.Number, CancellationToken.None);

        _renderer.Records.Should().BeEmpty();
        _queue.Of(ReportQueues.Render).Last().Should().Be((report.Number, TimeSpan.FromSeconds(_options.StageLeaseSeconds - 20)));
    }

    [Fact]
    public async Task A_ready_emailed_report_is_handed_to_the_email_stage_again_if_the_hand_over_was_lost()
    {
        var report = await RequestAsync(new ReportRequest("records", "1y", null, null, null, "email", "me@example.test", "Secret2026"));
        await _render.RenderAsync(report.Number, CancellationToken.None);

        await _render.RenderAsync(report.Number, CancellationToken.None);

        _renderer.Records.Should().ContainSingle();
        _queue.Of(ReportQueues.Email).Should().HaveCount(2).And.OnlyContain(m => m.Number == report.Number);
    }

    [Fact]
    public async Task An_issuances_report_lists_every_passport_without_a_period()
    {
        await _issuances.UpsertAsync(_grant.PersonKey, [new Issuance("E10000001", new DateOnly(2019, 3, 1), new DateOnly(2029, 2, 28), "北京市公安局出入境管理局", DocumentStatus.Valid)], CancellationToken.None);
        var report = await RequestAsync(new ReportRequest("issuances", null, null, null, null, "download", null, null));
        (report.From, report.To).Should().Be((new DateOnly(2026, 11, 25), new DateOnly(2026, 11, 25)));
        report.Documents.Should().BeEmpty();

        await _render.RenderAsync(report.Number, CancellationToken.None);

        var drawn = _renderer.Issuances.Single().Content;
        drawn.Passports.Should().ContainSingle(p => p.PassportNumber == "E10000001");
        drawn.Holder.IdNumber.Should().Be(_person.IdNumber);
    }

    [Theory]
    [InlineData("records", "1y", "email", "not-an-address", "Secret2026", "invalid_email")]
    [InlineData("records", "1y", "email", "me@example.test", "short1", "weak_password")]
    [InlineData("summary", "1y", "download", null, null, "invalid_kind")]
    [InlineData("records", "1y", "fax", null, null, "invalid_delivery")]
    [InlineData("records", "20y", "download", null, null, "invalid_range")]
    public async Task A_bad_request_is_a_problem_and_queues_nothing(string kind, string range, string delivery, string? email, string? password, string code)
    {
        var result = await _service.RequestAsync(_grant, new ReportRequest(kind, range, null, null, null, delivery, email, password), null, Client, CancellationToken.None);

        result.Problem!.Code.Should().Be(code);
        _queue.Messages.Should().BeEmpty();
        _audit.Entries.Should().ContainSingle(e => e.Outcome == code);
    }

    [Fact]
    public async Task A_range_older_than_ten_years_and_another_persons_document_are_refused()
    {
        (await _service.RequestAsync(_grant, new ReportRequest("records", "custom", "2010-01-01", "2012-01-01", null, "download", null, null), null, Client, CancellationToken.None))
            .Problem!.Code.Should().Be("range_exceeds_online_limit");
        (await _service.RequestAsync(_grant, new ReportRequest("records", "1y", null, null, [new DocumentSelection("hk_macau_permit", "C99999999")], "download", null, null), null, Client, CancellationToken.None))
            .Problem!.Code.Should().Be("document_not_found");
        _queue.Messages.Should().BeEmpty();
    }

    [Fact]
    public async Task Another_persons_report_is_answered_like_one_that_does_not_exist()
    {
        var report = await RequestAsync(new ReportRequest("records", "1y", null, null, null, "download", null, null));
        var stranger = _grant with { PersonKey = new PersonKey("someone-else") };

        var theirs = await _service.GetAsync(stranger, report.Number.Value, CancellationToken.None);
        var unknown = await _service.GetAsync(_grant, "E261125999999", CancellationToken.None);
        var malformed = await _service.GetAsync(_grant, "not-a-number", CancellationToken.None);

        theirs.Problem.Should().Be(unknown.Problem).And.Be(malformed.Problem);
        theirs.Problem!.Code.Should().Be("report_not_found");
    }

    [Fact]
    public async Task The_download_link_never_outlives_the_file()
    {
        var report = await RequestAsync(new ReportRequest("records", "1y", null, null, null, "download", null, null));
        await _render.RenderAsync(report.Number, CancellationToken.None);
        var expires = (await _reports.FindAsync(report.Number, CancellationToken.None))!.ExpiresAt!.Value;

        _clock.SetUtcNow(expires.AddMinutes(-2));
        (await _service.GetAsync(_grant, report.Number.Value, CancellationToken.None)).Value!.DownloadUrl!.Query.Should().Contain($"se={expires.ToUnixTimeSeconds()}");

        _clock.SetUtcNow(expires.AddSeconds(1));
        (await _service.GetAsync(_grant, report.Number.Value, CancellationToken.None)).Value!.DownloadUrl.Should().BeNull();
    }

    [Fact]
    public async Task The_twenty_first_report_of_a_China_day_is_refused_until_China_midnight()
    {
        _options.MaxReportsPerDay = 20;
        for (var i = 0; i < 20; i++)
        {
            await RequestAsync(new ReportRequest("records", "1y", null, null, null, "download", null, null));
        }

        var refused = await _service.RequestAsync(_grant, new ReportRequest("records", "1y", null, null, null, "download", null, null), null, Client, CancellationToken.None);

        refused.Problem!.Code.Should().Be("report_quota_exceeded");
        // 02:00 UTC is 10:00 in China: 14 hours to China midnight.
        refused.Problem.RetryAfterSeconds.Should().Be((int)TimeSpan.FromHours(14).TotalSeconds);
        _queue.Of(ReportQueues.Render).Should().HaveCount(20);

        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 16, 0, 0, TimeSpan.Zero)); // 00:00 on 26 Nov in China
        (await _service.RequestAsync(_grant, new ReportRequest("records", "1y", null, null, null, "download", null, null), null, Client, CancellationToken.None))
            .IsSuccess.Should().BeTrue("a new China day starts a new count");
    }

    [Fact]
    public async Task A_request_refused_for_its_content_spends_nothing_of_the_days_quota()
    {
        _options.MaxReportsPerDay = 1;
        (await _service.RequestAsync(_grant, new ReportRequest("records", "20y", null, null, null, "download", null, null), null, Client, CancellationToken.None))
            .Problem!.Code.Should().Be("invalid_range");

        await RequestAsync(new ReportRequest("records", "1y", null, null, null, "download", null, null));
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_answers_the_same_report_and_costs_nothing()
    {
        _options.MaxReportsPerDay = 1;
        var request = new ReportRequest("records", "1y", null, null, null, "download", null, null);

        var first = await _service.RequestAsync(_grant, request, "retry-1", Client, CancellationToken.None);
        var again = await _service.RequestAsync(_grant, request, "retry-1", Client, CancellationToken.None);

        first.IsSuccess.Should().BeTrue(first.Problem?.Code);
        again.IsSuccess.Should().BeTrue(again.Problem?.Code);
        again.Value!.Number.Should().Be(first.Value!.Number);
        _queue.Of(ReportQueues.Render).Should().ContainSingle("the report is created and queued once");
        (await _service.RequestAsync(_grant, request, "retry-2", Client, CancellationToken.None)).Problem!.Code
            .Should().Be("report_quota_exceeded", "the replay spent nothing, the one report did");
        (await _service.RequestAsync(_grant, request with { Range = "3m" }, "retry-1", Client, CancellationToken.None)).Problem!.Code
            .Should().Be("idempotency_key_reused");
    }

    public void Dispose() => _metrics.Dispose();

    // The first report's number and code are known (E261125123456, HMPAHMPAHM); later ones differ, so a day's worth fit.
    private static SequenceRandom Random() => new([123_456, .. Enumerable.Repeat<int[]>([7, 11, 13], 4).SelectMany(x => x), .. Enumerable.Range(200_000, 2_000)]);

    private async Task<Report> RequestAsync(ReportRequest request)
    {
        var result = await _service.RequestAsync(_grant, request, null, Client, CancellationToken.None);
        result.IsSuccess.Should().BeTrue(result.Problem?.Code);
        return result.Value!;
    }

    private IEnumerable<Crossing> Commute(DateOnly first, int days)
    {
        for (var day = 0; day < days; day++)
        {
            var morning = new DateTimeOffset(first.AddDays(day).ToDateTime(new TimeOnly(7, 40)), China);
            yield return new Crossing(Direction.Exit, morning, _permit.Kind, _permit.Number, "福田", "");
            yield return new Crossing(Direction.Entry, morning.AddHours(11), _permit.Kind, _permit.Number, "福田", "");
        }
    }
}
