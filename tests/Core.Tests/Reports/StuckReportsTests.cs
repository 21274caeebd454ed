using EntryExit.Core.Identity;
using EntryExit.Core.Reports;
using EntryExit.Core.Telemetry;
using EntryExit.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using EntryExit.TestSupport;

namespace EntryExit.Core.Tests.Reports;

/// <summary>Issue 11: nothing stays stuck, and a report that is over forgets its recipient and password.</summary>
public sealed class StuckReportsTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
    private readonly InMemoryReportStore _store;
    private readonly RecordingQueue _queue = new();
    private readonly RecordedMetrics _metrics = new();
    private readonly StuckReports _stuck;

    public StuckReportsTests()
    {
        _store = new InMemoryReportStore(_clock);
        _stuck = new StuckReports(_store, _queue, _clock, Options.Create(new ReportsOptions { StuckAfterMinutes = 10 }), new EntryExitMetrics(_metrics), NullLogger<StuckReports>.Instance);
    }

    [Fact]
    public async Task Reports_unmoved_past_the_threshold_go_back_to_the_queue_of_their_stage()
    {
        var queued = await Create(1, ReportStatus.Queued, Delivery.Download);
        var rendering = await Create(2, ReportStatus.Rendering, Delivery.Download);
        var readyToEmail = await Create(3, ReportStatus.Ready, Delivery.Email);
        var sending = await Create(4, ReportStatus.Sending, Delivery.Email);
        await Create(5, ReportStatus.Ready, Delivery.Download);
        await Create(6, ReportStatus.Sent, Delivery.Email);
        await Create(7, ReportStatus.Failed, Delivery.Email);

        _clock.Advance(TimeSpan.FromMinutes(9));
        (await _stuck.RequeueAsync(CancellationToken.None)).Should().Be(0, "nothing has waited ten minutes yet");

        _clock.Advance(TimeSpan.FromMinutes(2));
        (await _stuck.RequeueAsync(CancellationToken.None)).Should().Be(4);
        _queue.Render.Should().BeEquivalentTo([queued, rendering, readyToEmail]);
        _queue.Email.Should().Equal(sending);
        _metrics.Sum(EntryExitMetrics.Names.StuckReportsRequeued, ("stage", "render")).Should().Be(3);
        _metrics.Sum(EntryExitMetrics.Names.StuckReportsRequeued, ("stage", "email")).Should().Be(1);
    }

    [Fact]
    public async Task An_expired_report_forgets_its_recipient_and_password()
    {
        var number = await Create(1, ReportStatus.Sent, Delivery.Email, expiresAt: _clock.GetUtcNow().AddDays(7));
        _clock.Advance(TimeSpan.FromDays(8));
        await new ReportPurger(_store, new NoFiles(), _clock, NullLogger<ReportPurger>.Instance).PurgeAsync(CancellationToken.None);

        var report = (await _store.FindAsync(number, CancellationToken.None))!;
        report.Status.Should().Be(ReportStatus.Expired);
        report.ProtectedEmail.Should().BeNull();
        report.ProtectedPassword.Should().BeNull();
    }

    [Fact]
    public async Task A_report_that_fails_for_good_forgets_its_recipient_and_password()
    {
        var number = await Create(1, ReportStatus.Ready, Delivery.Email);
        var claims = new ReportClaims(_store, _clock, Options.Create(new ReportsOptions { MaxAttempts = 1 }), new EntryExitMetrics(_metrics));
        var held = ((Claim.Held)await claims.ClaimAsync(number, ReportStatus.Ready, ReportStatus.Sending, CancellationToken.None)).Report;
        await claims.ReleaseAfterFailureAsync(held, ReportStatus.Ready, "send_failed", CancellationToken.None);

        var report = (await _store.FindAsync(number, CancellationToken.None))!;
        report.Status.Should().Be(ReportStatus.Failed);
        report.ProtectedEmail.Should().BeNull();
        report.ProtectedPassword.Should().BeNull();
    }

    private async Task<ReportNumber> Create(int n, ReportStatus status, Delivery delivery, DateTimeOffset? expiresAt = null)
    {
        var number = ReportNumber.Create(new DateOnly(2026, 11, 25), n);
        await _store.TryCreateAsync(
            new Report(number, new PersonKey("p"), ReportKind.Records, status, new DateOnly(2026, 1, 1), new DateOnly(2026, 11, 25), [], delivery, _clock.GetUtcNow())
            {
                ProtectedEmail = delivery == Delivery.Email ? "protected-email" : null,
                ProtectedPassword = delivery == Delivery.Email ? "protected-password" : null,
                ExpiresAt = expiresAt,
            },
            CancellationToken.None);
        return number;
    }

    private sealed class RecordingQueue : IReportQueue
    {
        public List<ReportNumber> Render { get; } = [];

        public List<ReportNumber> Email { get; } = [];

        public Task EnqueueRenderAsync(ReportNumber number, TimeSpan delay, CancellationToken cancellationToken)
        {
            Render.Add(number);
            return Task.CompletedTask;
        }

        public Task EnqueueEmailAsync(ReportNumber number, TimeSpan delay, CancellationToken cancellationToken)
        {
            Email.Add(number);
            return Task.CompletedTask;
        }
    }

    private sealed class NoFiles : IReportFiles
    {
        public Task SaveAsync(ReportNumber number, byte[] pdf, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<byte[]?> ReadAsync(ReportNumber number, CancellationToken cancellationToken) => Task.FromResult<byte[]?>(null);

        public Task DeleteAsync(ReportNumber number, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<Uri> GetDownloadUrlAsync(ReportNumber number, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
            Task.FromResult(new Uri("http://127.0.0.1/"));
    }

    public void Dispose() => _metrics.Dispose();
}
