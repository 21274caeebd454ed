using EntryExit.Core.Identity;
using EntryExit.Core.Reports;
using EntryExit.Storage.Reports;
using EntryExit.TestSupport;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EntryExit.Storage.Tests;

/// <summary>SPEC §2.5 / issue 11: 20 reports per person per China day, counted by compare-and-swap in Table storage.</summary>
[Collection(StorageCollection.Name)]
public sealed class ReportQuotaTests(AzuriteFixture azurite)
{
    // 2026-11-25 21:30 in China: two and a half hours to the China midnight.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 13, 30, 0, TimeSpan.Zero));

    [Fact]
    public async Task Parallel_requests_get_exactly_twenty_and_the_rest_wait_until_china_midnight()
    {
        var quota = new ReportQuota(new TableReportQuotas(await TestStorage.ClientsAsync(azurite)), _clock, Options.Create(new ReportsOptions()));
        var person = new PersonKey(Guid.NewGuid().ToString("N"));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => quota.TryTakeAsync(person, CancellationToken.None))));

        outcomes.Count(o => o is null).Should().Be(20, "every request that got through was counted once");
        outcomes.Where(o => o is not null).Should().AllSatisfy(o => o.Should().Be((int)TimeSpan.FromHours(2.5).TotalSeconds));
    }

    [Fact]
    public async Task The_count_starts_again_on_the_next_china_day_and_is_per_person()
    {
        var quota = new ReportQuota(new TableReportQuotas(await TestStorage.ClientsAsync(azurite)), _clock, Options.Create(new ReportsOptions { MaxReportsPerDay = 2 }));
        var person = new PersonKey(Guid.NewGuid().ToString("N"));
        (await quota.TryTakeAsync(person, CancellationToken.None)).Should().BeNull();
        (await quota.TryTakeAsync(person, CancellationToken.None)).Should().BeNull();
        (await quota.TryTakeAsync(person, CancellationToken.None)).Should().NotBeNull();
        (await quota.TryTakeAsync(new PersonKey(Guid.NewGuid().ToString("N")), CancellationToken.None)).Should().BeNull("another person has a quota of their own");

        _clock.Advance(TimeSpan.FromHours(2.5));
        (await quota.TryTakeAsync(person, CancellationToken.None)).Should().BeNull("a new China day has begun");
    }

    [Fact]
    public async Task A_count_given_back_can_be_taken_again_and_never_goes_below_zero()
    {
        var quota = new ReportQuota(new TableReportQuotas(await TestStorage.ClientsAsync(azurite)), _clock, Options.Create(new ReportsOptions { MaxReportsPerDay = 1 }));
        var person = new PersonKey(Guid.NewGuid().ToString("N"));
        await quota.GiveBackAsync(person, CancellationToken.None);
        (await quota.TryTakeAsync(person, CancellationToken.None)).Should().BeNull();
        (await quota.TryTakeAsync(person, CancellationToken.None)).Should().NotBeNull();

        await quota.GiveBackAsync(person, CancellationToken.None);
        await quota.GiveBackAsync(person, CancellationToken.None);
        (await quota.TryTakeAsync(person, CancellationToken.None)).Should().BeNull("the one report given back is free again");
        (await quota.TryTakeAsync(person, CancellationToken.None)).Should().NotBeNull("giving back twice frees one report, not two");
    }
}
