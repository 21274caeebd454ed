using EntryExit.Core.Identity;
using EntryExit.Core.Tests.Fakes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EntryExit.Core.Tests.Identity;

public sealed class LockoutTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
    private readonly InMemoryFailureCounters _counters = new();
    private readonly Lockout _lockout;

    public LockoutTests() => _lockout = new Lockout(_counters, _clock, Options.Create(new LockoutOptions()));

    [Fact]
    public async Task Five_failures_in_an_hour_lock_for_an_hour()
    {
        for (var i = 0; i < 4; i++)
        {
            await _lockout.RecordFailureAsync("id:a", 5, CancellationToken.None);
            _clock.Advance(TimeSpan.FromMinutes(10));
        }

        (await _lockout.LockedUntilAsync(["id:a"], CancellationToken.None)).Should().BeNull();
        await _lockout.RecordFailureAsync("id:a", 5, CancellationToken.None);
        var until = await _lockout.LockedUntilAsync(["id:a"], CancellationToken.None);
        until.Should().Be(_clock.GetUtcNow().AddHours(1));

        _clock.Advance(TimeSpan.FromHours(1));
        (await _lockout.LockedUntilAsync(["id:a"], CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task Failures_older_than_the_window_do_not_count()
    {
        for (var i = 0; i < 4; i++)
        {
            await _lockout.RecordFailureAsync("id:a", 5, CancellationToken.None);
        }

        _clock.Advance(TimeSpan.FromMinutes(61));
        await _lockout.RecordFailureAsync("id:a", 5, CancellationToken.None);
        (await _lockout.LockedUntilAsync(["id:a"], CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task Parallel_failures_are_all_counted()
    {
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => _lockout.RecordFailureAsync("id:b", 5, CancellationToken.None))));
        (await _lockout.LockedUntilAsync(["id:b"], CancellationToken.None)).Should().NotBeNull();
    }

    [Fact]
    public async Task A_lock_on_any_subject_locks()
    {
        for (var i = 0; i < 3; i++)
        {
            await _lockout.RecordFailureAsync("client:x", 3, CancellationToken.None);
        }

        (await _lockout.LockedUntilAsync(["id:c", "client:x"], CancellationToken.None)).Should().NotBeNull();
    }

    [Theory]
    [InlineData("203.0.113.77", "203.0.113.0/24")]
    [InlineData("::ffff:203.0.113.77", "203.0.113.0/24")]
    [InlineData("2001:db8:1234:5678::1", "2001:db8:1234::/48")]
    [InlineData("not an address", "unknown")]
    public void The_audit_keeps_only_the_network(string address, string network) =>
        new ClientAddress(address).Network.Should().Be(network);
}

public sealed class AttemptCountingTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
    private readonly InMemoryFailureCounters _counters = new();
    private readonly Lockout _lockout;

    public AttemptCountingTests() => _lockout = new Lockout(_counters, _clock, Options.Create(new LockoutOptions()));

    [Fact]
    public async Task Attempts_in_flight_fill_the_window_so_no_more_are_judged()
    {
        var taken = new List<AttemptCount>();
        for (var i = 0; i < 5; i++)
        {
            taken.Add(await _lockout.BeginAsync([("id:a", 5)], CancellationToken.None));
        }

        taken.Should().OnlyContain(t => !t.IsLocked);
        var sixth = await _lockout.BeginAsync([("id:a", 5)], CancellationToken.None);
        sixth.IsLocked.Should().BeTrue();
        sixth.LockedUntil.Should().Be(_clock.GetUtcNow().AddHours(1));

        // Judged failures lock for an hour; the ones in flight are then moot.
        await _lockout.FailAsync(taken[0].Slots, CancellationToken.None);
        (await _lockout.LockedUntilAsync(["id:a"], CancellationToken.None)).Should().Be(_clock.GetUtcNow().AddHours(1));
    }

    [Fact]
    public async Task A_released_attempt_is_not_counted()
    {
        for (var i = 0; i < 20; i++)
        {
            var attempt = await _lockout.BeginAsync([("id:b", 5)], CancellationToken.None);
            attempt.IsLocked.Should().BeFalse();
            await _lockout.ReleaseAsync(attempt.Slots, CancellationToken.None);
        }

        (await _counters.FindAsync("id:b", CancellationToken.None))!.Failures.Should().BeEmpty();
    }

    [Fact]
    public async Task A_lock_on_one_subject_gives_back_the_others_attempt()
    {
        for (var i = 0; i < 3; i++)
        {
            await _lockout.RecordFailureAsync("client:x", 3, CancellationToken.None);
        }

        var attempt = await _lockout.BeginAsync([("id:c", 5), ("client:x", 3)], CancellationToken.None);
        attempt.IsLocked.Should().BeTrue();
        (await _counters.FindAsync("id:c", CancellationToken.None))!.Failures.Should().BeEmpty();
    }

    [Fact]
    public async Task Fifty_parallel_attempts_take_exactly_five_slots()
    {
        var attempts = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => _lockout.BeginAsync([("id:d", 5)], CancellationToken.None))));
        attempts.Count(a => !a.IsLocked).Should().Be(5);
    }

    [Theory]
    [InlineData("2001:db8:1234:5678:aaaa:bbbb:cccc:dddd", "2001:db8:1234:5678::/64")]
    [InlineData("2001:db8:1234:5678::1", "2001:db8:1234:5678::/64")]
    [InlineData("203.0.113.77", "203.0.113.77")]
    [InlineData("::ffff:203.0.113.77", "203.0.113.77")]
    public void Failures_count_an_IPv6_client_by_its_64(string address, string counted) =>
        new ClientAddress(address).Counted.Should().Be(counted);

    [Fact]
    public void Two_addresses_in_one_IPv6_64_are_one_client_for_the_counters()
    {
        var keys = new Security.HmacPersonKeys(TestOptions.Security());
        keys.KeyOf(new ClientAddress("2001:db8:1:2::1")).Should().Be(keys.KeyOf(new ClientAddress("2001:db8:1:2:ffff::9")));
        keys.KeyOf(new ClientAddress("2001:db8:1:2::1")).Should().NotBe(keys.KeyOf(new ClientAddress("2001:db8:1:3::1")));
        keys.KeyOf(new ClientAddress("203.0.113.1")).Should().NotBe(keys.KeyOf(new ClientAddress("203.0.113.2")));
    }
}
