using EntryExit.Core.Identity;
using EntryExit.Core.Records;
using EntryExit.Storage.Records;
using EntryExit.TestSupport;

namespace EntryExit.Storage.Tests;

[Collection(StorageCollection.Name)]
public sealed class CrossingStoreTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    [Fact]
    public async Task Paging_through_a_commuters_ten_years_yields_every_crossing_once_newest_first()
    {
        var store = new TableCrossingStore(await TestStorage.ClientsAsync(azurite));
        var person = new PersonKey(Guid.NewGuid().ToString("N"));
        var crossings = Commute(new DateOnly(2016, 11, 26), 3650).ToList();
        crossings.Count.Should().BeGreaterThanOrEqualTo(7300);
        await store.UpsertAsync(person, crossings, CancellationToken.None);
        await store.UpsertAsync(new PersonKey(Guid.NewGuid().ToString("N")), crossings.Take(50).ToList(), CancellationToken.None);

        var range = new RecordsRange("10y", new DateOnly(2016, 11, 25), new DateOnly(2026, 11, 25));
        var read = new List<Crossing>();
        string? after = null;
        do
        {
            var page = await store.QueryAsync(person, range.Start, range.End, [], 500, after, CancellationToken.None);
            page.Crossings.Count.Should().BeLessThanOrEqualTo(500);
            read.AddRange(page.Crossings);
            after = page.ContinuationRowKey;
        }
        while (after is not null);

        read.Should().Equal(crossings.OrderByDescending(c => c.At));
    }

    [Fact]
    public async Task Importing_the_same_crossings_twice_changes_nothing()
    {
        var store = new TableCrossingStore(await TestStorage.ClientsAsync(azurite));
        var person = new PersonKey(Guid.NewGuid().ToString("N"));
        var crossings = Commute(new DateOnly(2025, 1, 1), 30).ToList();
        await store.UpsertAsync(person, crossings, CancellationToken.None);
        await store.UpsertAsync(person, crossings, CancellationToken.None);

        var page = await store.QueryAsync(person, DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1), [], 500, null, CancellationToken.None);
        page.Crossings.Should().HaveCount(crossings.Count);
        page.ContinuationRowKey.Should().BeNull();
    }

    [Fact]
    public async Task Only_the_chosen_documents_and_days_are_returned()
    {
        var store = new TableCrossingStore(await TestStorage.ClientsAsync(azurite));
        var person = new PersonKey(Guid.NewGuid().ToString("N"));
        var permit = new Crossing(Direction.Exit, new DateTimeOffset(2025, 3, 1, 8, 0, 0, China), DocumentKind.HkMacauPermit, "C10000001", "罗湖", "");
        var passport = new Crossing(Direction.Exit, new DateTimeOffset(2025, 3, 2, 9, 0, 0, China), DocumentKind.Passport, "E10000001", "首都国际机场", "CA101");
        var lateNight = new Crossing(Direction.Entry, new DateTimeOffset(2025, 3, 2, 23, 30, 0, TimeSpan.Zero), DocumentKind.Passport, "E10000001", "首都国际机场", "CA102");
        await store.UpsertAsync(person, [permit, passport, lateNight], CancellationToken.None);

        var march2 = new RecordsRange("custom", new DateOnly(2025, 3, 2), new DateOnly(2025, 3, 2));
        var onMarch2 = await store.QueryAsync(person, march2.Start, march2.End, [], 100, null, CancellationToken.None);
        onMarch2.Crossings.Should().Equal(passport);

        var all = new RecordsRange("custom", new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31));
        var permitsOnly = await store.QueryAsync(person, all.Start, all.End, [new DocumentRef(DocumentKind.HkMacauPermit, "C10000001")], 100, null, CancellationToken.None);
        permitsOnly.Crossings.Should().Equal(permit);
    }

    private static IEnumerable<Crossing> Commute(DateOnly first, int days)
    {
        for (var day = 0; day < days; day++)
        {
            var date = first.AddDays(day);
            var morning = new DateTimeOffset(date.ToDateTime(new TimeOnly(7, 40)), China);
            yield return new Crossing(Direction.Exit, morning, DocumentKind.HkMacauPermit, "C" + (10000000 + day / 1000), "福田", "");
            yield return new Crossing(Direction.Entry, morning.AddHours(11), DocumentKind.HkMacauPermit, "C" + (10000000 + day / 1000), "福田", "");
        }
    }
}
