using System.Globalization;
using System.Text;
using EntryExit.Core.Identity;
using EntryExit.Core.Import;
using EntryExit.Core.Records;
using EntryExit.Core.Security;
using EntryExit.Core.Telemetry;
using EntryExit.Storage.Records;
using EntryExit.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace EntryExit.Storage.Tests;

[Collection(StorageCollection.Name)]
public sealed class ImportRunnerTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_run_that_crashes_resumes_after_its_last_checkpoint_and_counts_every_line_once()
    {
        var clients = await TestStorage.ClientsAsync(azurite);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var keys = new HmacPersonKeys(TestStorage.Security);
        var crossings = new CrashingCrossingStore(new TableCrossingStore(clients), crashOnCall: 3);
        using var metrics = new RecordedMetrics();
        var (service, runner, imports) = TestStorage.Import(clients, clock, new ImportOptions { CheckpointLines = 100, LeaseSeconds = 60, Parallelism = 1 }, new EntryExitMetrics(metrics), crossings);

        var (ndjson, idNumber, expected) = Population(crossingCount: 450);
        var started = await service.StartAsync(new MemoryStream(Encoding.UTF8.GetBytes(ndjson)), CancellationToken.None);

        var crash = () => runner.RunAsync(started.ImportId, CancellationToken.None);
        await crash.Should().ThrowAsync<IOException>();
        var afterCrash = (await imports.FindAsync(started.ImportId, CancellationToken.None))!;
        afterCrash.Status.Should().Be(ImportState.Running);
        afterCrash.LinesRead.Should().Be(201, "two checkpoints of 100 accepted lines were committed (the bad line 2 does not count towards a batch)");

        // The message comes back; the first claim is still fresh, so the runner waits rather than run twice.
        await runner.RunAsync(started.ImportId, CancellationToken.None);
        (await imports.FindAsync(started.ImportId, CancellationToken.None))!.Attempts.Should().Be(1);

        clock.Advance(TimeSpan.FromSeconds(61));
        await runner.RunAsync(started.ImportId, CancellationToken.None);
        var done = (await imports.FindAsync(started.ImportId, CancellationToken.None))!;
        done.Status.Should().Be(ImportState.Completed);
        done.Accepted.Should().Be(1 + 450);
        done.Rejected.Should().Be(1);
        done.Errors.Should().Equal(new ImportError(2, "invalid_json"));
        metrics.Sum(EntryExitMetrics.Names.ImportLines, ("outcome", "accepted")).Should().Be(1 + 450, "each committed line is counted once, across the crash");
        metrics.Sum(EntryExitMetrics.Names.ImportLines, ("outcome", "rejected")).Should().Be(1);

        var stored = await new TableCrossingStore(clients).QueryAsync(keys.KeyOf(idNumber), DateTimeOffset.UnixEpoch, DateTimeOffset.UtcNow.AddDays(1), [], 500, null, CancellationToken.None);
        stored.Crossings.Should().BeEquivalentTo(expected);
        stored.ContinuationRowKey.Should().BeNull();

        await runner.RunAsync(started.ImportId, CancellationToken.None);
        (await imports.FindAsync(started.ImportId, CancellationToken.None))!.Accepted.Should().Be(451, "a completed import is not run again");
    }

    [Fact]
    public async Task Memory_is_bounded_by_the_checkpoint_whatever_the_file_size()
    {
        var clients = await TestStorage.ClientsAsync(azurite);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var crossings = new MeasuringCrossingStore(new TableCrossingStore(clients));
        using var metrics = new RecordedMetrics();
        var (service, runner, imports) = TestStorage.Import(clients, clock, new ImportOptions { CheckpointLines = 250 }, new EntryExitMetrics(metrics), crossings);

        // A file ten times the checkpoint: never more than one checkpoint's lines are held, then written.
        var (ndjson, _, _) = Population(crossingCount: 2500);
        var started = await service.StartAsync(new MemoryStream(Encoding.UTF8.GetBytes(ndjson)), CancellationToken.None);
        await runner.RunAsync(started.ImportId, CancellationToken.None);

        (await imports.FindAsync(started.ImportId, CancellationToken.None))!.Accepted.Should().Be(2501);
        crossings.Largest.Should().BeLessThanOrEqualTo(250);
        crossings.Writes.Should().BeGreaterThanOrEqualTo(10);
    }

    private static (string Ndjson, ResidentIdNumber IdNumber, List<Crossing> Crossings) Population(int crossingCount)
    {
        var body = "44030419900101" + Random.Shared.Next(100, 999).ToString(CultureInfo.InvariantCulture);
        ResidentIdNumber.TryParse(body + ResidentIdNumber.CheckCharacterFor(body), new DateOnly(2026, 1, 1), out var id).Should().BeTrue();
        var sex = id.Sex == Sex.Male ? "M" : "F";
        var lines = new StringBuilder();
        lines.Append(CultureInfo.InvariantCulture, $$"""{"type":"person","idNumber":"{{id.Value}}","name":"测试","sex":"{{sex}}","birthDate":"1990-01-01"}""").Append('\n');
        lines.Append("{not json\n");
        var crossings = new List<Crossing>();
        var start = new DateTimeOffset(2024, 1, 1, 8, 0, 0, TimeSpan.FromHours(8));
        for (var i = 0; i < crossingCount; i++)
        {
            var crossing = new Crossing(i % 2 == 0 ? Direction.Exit : Direction.Entry, start.AddHours(i * 12), DocumentKind.HkMacauPermit, "C70000001", "罗湖", "");
            crossings.Add(crossing);
            lines.Append(CultureInfo.InvariantCulture,
                $$"""{"type":"crossing","idNumber":"{{id.Value}}","documentKind":"hk_macau_permit","documentNumber":"C70000001","direction":"{{crossing.Direction.Code()}}","at":"{{crossing.At:yyyy-MM-dd'T'HH:mm:sszzz}}","port":"罗湖","flightNumber":""}""")
                .Append('\n');
        }

        return (lines.ToString(), id, crossings);
    }

    /// <summary>Records how many crossings each write carried: what the runner held in memory at once.</summary>
    private sealed class MeasuringCrossingStore(ICrossingStore inner) : ICrossingStore
    {
        private int _largest;
        private int _writes;

        public int Largest => _largest;

        public int Writes => _writes;

        public Task UpsertAsync(PersonKey personKey, IReadOnlyList<Crossing> crossings, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _writes);
            lock (this)
            {
                _largest = Math.Max(_largest, crossings.Count);
            }

            return inner.UpsertAsync(personKey, crossings, cancellationToken);
        }

        public Task<CrossingPage> QueryAsync(PersonKey personKey, DateTimeOffset start, DateTimeOffset end, IReadOnlyCollection<DocumentRef> documents, int pageSize, string? afterRowKey, CancellationToken cancellationToken) =>
            inner.QueryAsync(personKey, start, end, documents, pageSize, afterRowKey, cancellationToken);
    }

    /// <summary>Throws on its n-th write, as a host that dies mid-import would stop.</summary>
    private sealed class CrashingCrossingStore(ICrossingStore inner, int crashOnCall) : ICrossingStore
    {
        private int _calls;

        public Task UpsertAsync(PersonKey personKey, IReadOnlyList<Crossing> crossings, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) == crashOnCall ? throw new IOException("The host died.") : inner.UpsertAsync(personKey, crossings, cancellationToken);

        public Task<CrossingPage> QueryAsync(PersonKey personKey, DateTimeOffset start, DateTimeOffset end, IReadOnlyCollection<DocumentRef> documents, int pageSize, string? afterRowKey, CancellationToken cancellationToken) =>
            inner.QueryAsync(personKey, start, end, documents, pageSize, afterRowKey, cancellationToken);
    }
}
