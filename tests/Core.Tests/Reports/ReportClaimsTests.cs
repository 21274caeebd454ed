using EntryExit.Core.Identity;
using EntryExit.Core.Reports;
using EntryExit.Core.Telemetry;
using EntryExit.Core.Tests.Fakes;
using Microsoft.Extensions.Options;
using EntryExit.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace EntryExit.Core.Tests.Reports;

public sealed class ReportClaimsTests : IDisposable
{
    private static readonly ReportNumber Number = ReportNumber.Create(new DateOnly(2026, 11, 25), 1);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
    private readonly InMemoryReportStore _store = new();
    private readonly RecordedMetrics _metrics = new();
    private readonly ReportClaims _claims;

    public ReportClaimsTests()
    {
        _claims = new ReportClaims(_store, _clock, Options.Create(new ReportsOptions { StageLeaseSeconds = 60, MaxAttempts = 5 }), new EntryExitMetrics(_metrics));
        _store.TryCreateAsync(
            new Report(Number, new PersonKey("p"), ReportKind.Records, ReportStatus.Queued, new DateOnly(2026, 1, 1), new DateOnly(2026, 11, 25), [], Delivery.Download, _clock.GetUtcNow()),
            CancellationToken.None).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task A_queued_report_is_claimed_once()
    {
        var first = await Claim();
        first.Should().BeOfType<Claim.Held>().Which.Report.Status.Should().Be(ReportStatus.Rendering);
        (await Claim()).Should().BeOfType<Claim.Busy>().Which.RetryAfter.Should().Be(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_lapsed_claim_is_taken_over()
    {
        await Claim();
        _clock.Advance(TimeSpan.FromSeconds(60));
        var second = await Claim();
        second.Should().BeOfType<Claim.Held>().Which.Report.Attempts.Should().Be(2);
    }

    [Fact]
    public async Task A_report_past_the_stage_is_left_alone()
    {
        var held = ((Claim.Held)await Claim()).Report;
        await _store.TryUpdateAsync(held with { Status = ReportStatus.Ready, ClaimedAt = null }, CancellationToken.None);
        (await Claim()).Should().BeOfType<Claim.Nothing>().Which.Report!.Status.Should().Be(ReportStatus.Ready);
    }

    [Fact]
    public async Task The_fifth_failure_marks_the_report_failed()
    {
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var held = ((Claim.Held)await Claim()).Report;
            held.Attempts.Should().Be(attempt);
            await _claims.ReleaseAfterFailureAsync(held, ReportStatus.Queued, "render_failed", CancellationToken.None);
        }

        var report = await _store.FindAsync(Number, CancellationToken.None);
        report!.Status.Should().Be(ReportStatus.Failed);
        report.FailureCode.Should().Be("render_failed");
        (await Claim()).Should().BeOfType<Claim.Nothing>();
        _metrics.Of(EntryExitMetrics.Names.ReportsFailed).Should().ContainSingle()
            .Which.Tags.Should().Contain("kind", "records").And.Contain("stage", "render").And.Contain("language", "zh");
    }

    [Fact]
    public async Task A_worker_that_died_on_its_last_attempt_leaves_a_report_that_is_marked_failed()
    {
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await Claim();
            _clock.Advance(TimeSpan.FromMinutes(2));
        }

        (await Claim()).Should().BeOfType<Claim.Nothing>().Which.Report!.Status.Should().Be(ReportStatus.Failed);
        (await Claim()).Should().BeOfType<Claim.Nothing>();
        _metrics.Sum(EntryExitMetrics.Names.ReportsFailed, ("stage", "render")).Should().Be(1, "a report fails once, however often it is looked at");
    }

    [Fact]
    public async Task Deferrals_do_not_spend_attempts_and_back_off()
    {
        var delays = new List<TimeSpan?>();
        for (var i = 0; i < 8; i++)
        {
            var held = ((Claim.Held)await Claim()).Report;
            delays.Add(await _claims.DeferAsync(held, ReportStatus.Queued, "send_deferred", null, CancellationToken.None));
        }

        delays.Should().Equal(
            TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120),
            TimeSpan.FromSeconds(240), TimeSpan.FromSeconds(480), TimeSpan.FromSeconds(600), TimeSpan.FromSeconds(600));
        var report = (await _store.FindAsync(Number, CancellationToken.None))!;
        report.Status.Should().Be(ReportStatus.Queued);
        report.Attempts.Should().Be(0);
        report.Deferrals.Should().Be(8);
    }

    [Fact]
    public async Task A_longer_wait_asked_for_by_the_service_wins()
    {
        var held = ((Claim.Held)await Claim()).Report;
        (await _claims.DeferAsync(held, ReportStatus.Queued, "send_deferred", TimeSpan.FromMinutes(5), CancellationToken.None)).Should().Be(TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task Concurrent_claims_hold_the_report_exactly_once()
    {
        var claims = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(Claim)));
        claims.OfType<Claim.Held>().Should().ContainSingle();
    }

    private Task<Claim> Claim() => _claims.ClaimAsync(Number, ReportStatus.Queued, ReportStatus.Rendering, CancellationToken.None);

    public void Dispose() => _metrics.Dispose();
}
