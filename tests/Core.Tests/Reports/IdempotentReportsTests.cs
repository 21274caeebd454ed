using EntryExit.Core.Identity;
using EntryExit.Core.Problems;
using EntryExit.Core.Reports;
using EntryExit.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace EntryExit.Core.Tests.Reports;

public sealed class IdempotentReportsTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);
    private static readonly PersonKey Alice = new("alice");
    private static readonly PersonKey Bob = new("bob");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
    private readonly InMemoryReportStore _reports = new();
    private readonly InMemoryIdempotencyKeys _keys = new();
    private readonly IdempotentReports _idempotent;
    private int _nextNumber;
    private int _created;

    public IdempotentReportsTests() => _idempotent = new IdempotentReports(_keys, _reports, _clock);

    [Fact]
    public async Task The_same_key_and_request_answer_the_same_report()
    {
        var first = await RequestAsync(Alice, "key-1", "request-a");
        var again = await RequestAsync(Alice, "key-1", "request-a");

        again.Value!.Number.Should().Be(first.Value!.Number);
        _created.Should().Be(1);
    }

    [Fact]
    public async Task Twenty_twins_at_once_create_one_report()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => RequestAsync(Alice, "key-1", "request-a"))));

        answers.Select(a => a.Value!.Number).Distinct().Should().ContainSingle();
        _created.Should().Be(1);
        _keys.Count.Should().Be(1);
    }

    [Fact]
    public async Task The_same_key_with_another_request_is_refused()
    {
        await RequestAsync(Alice, "key-1", "request-a");

        var other = await RequestAsync(Alice, "key-1", "request-b");

        other.Problem!.Code.Should().Be("idempotency_key_reused");
        _created.Should().Be(1);
    }

    [Fact]
    public async Task Keys_are_per_person()
    {
        var alice = await RequestAsync(Alice, "shared", "request-a");
        var bob = await RequestAsync(Bob, "shared", "request-b");

        bob.Value!.Number.Should().NotBe(alice.Value!.Number);
        bob.Value.PersonKey.Should().Be(Bob);
    }

    [Fact]
    public async Task After_a_day_the_key_starts_a_new_report()
    {
        var first = await RequestAsync(Alice, "key-1", "request-a");
        _clock.Advance(IdempotencyClaim.Lifetime);

        var later = await RequestAsync(Alice, "key-1", "request-b");

        later.Value!.Number.Should().NotBe(first.Value!.Number);
        _created.Should().Be(2);
    }

    [Fact]
    public async Task A_retry_after_a_crash_between_claim_and_report_creates_the_report()
    {
        var crashed = () => _idempotent.FindOrCreateAsync(Alice, "key-1", "request-a", NewNumber, _ => throw new IOException("crash"), CancellationToken.None);
        await crashed.Should().ThrowAsync<IOException>();

        var retry = await RequestAsync(Alice, "key-1", "request-a");

        retry.IsSuccess.Should().BeTrue();
        _created.Should().Be(1);
    }

    [Fact]
    public async Task A_number_taken_by_someone_elses_report_is_replaced_for_every_twin()
    {
        // Bob's report already has the number Alice's claim is given first.
        await _reports.TryCreateAsync(NewReport(ReportNumber.Create(Today, 1), Bob), CancellationToken.None);

        var alice = await RequestAsync(Alice, "key-1", "request-a");
        var twin = await RequestAsync(Alice, "key-1", "request-a");

        alice.Value!.PersonKey.Should().Be(Alice);
        alice.Value.Number.Should().NotBe(ReportNumber.Create(Today, 1));
        twin.Value!.Number.Should().Be(alice.Value.Number);
    }

    private Task<Result<Report>> RequestAsync(PersonKey personKey, string key, string requestHash) =>
        _idempotent.FindOrCreateAsync(personKey, key, requestHash, NewNumber, async number =>
        {
            var report = NewReport(number, personKey);
            if (!await _reports.TryCreateAsync(report, CancellationToken.None))
            {
                return null;
            }

            Interlocked.Increment(ref _created);
            return report;
        }, CancellationToken.None);

    private ReportNumber NewNumber() => ReportNumber.Create(Today, Interlocked.Increment(ref _nextNumber));

    private Report NewReport(ReportNumber number, PersonKey owner) =>
        new(number, owner, ReportKind.Records, ReportStatus.Queued, Today.AddYears(-1), Today, [], Delivery.Download, _clock.GetUtcNow());
}
