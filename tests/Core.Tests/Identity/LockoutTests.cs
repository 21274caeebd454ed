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
