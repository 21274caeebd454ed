using EntryExit.TestSupport.Fuzz;

namespace EntryExit.EndToEnd.Tests;

/// <summary>
/// The fuzz generator itself: replayable from its seed, and bounded. Its JSON values nest, and an unbounded draw once
/// multiplied into bodies and tokens of gigabytes that held the end-to-end round for half an hour at 6 GB.
/// </summary>
public sealed class HostileRequestsTests
{
    private static readonly FuzzTarget Target = new(
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLW9mLXRoZS10ZXN0", new byte[32], "k1", "key", new byte[40_000]);

    [Fact]
    public void The_same_seed_draws_the_same_requests()
    {
        var first = new HostileRequests(7, Target);
        var second = new HostileRequests(7, Target);
        for (var i = 0; i < 500; i++)
        {
            var (a, b) = (first.Next(), second.Next());
            Describe(b).Should().Be(Describe(a), $"request #{i}");
        }
    }

    [Fact]
    public void Every_request_is_bounded_headers_within_kestrel_limits_and_one_shared_body_over_20_MB()
    {
        var requests = new HostileRequests(20261201, Target);
        byte[]? overLimit = null;
        var routes = new HashSet<string>();
        for (var i = 0; i < 3_000; i++)
        {
            var request = requests.Next();
            routes.Add(request.Route);
            request.Headers.Sum(h => h.Key.Length + h.Value.Length + 4).Should().BeLessThan(16 * 1024, $"#{i} {request}: Kestrel refuses 32 KB of headers before the app");
            if (request.Body is { Length: > 20 * 1024 * 1024 } huge)
            {
                (overLimit ??= huge).Should().BeSameAs(huge, "every over-limit upload shares one buffer");
                continue;
            }

            (request.Body?.Length ?? 0).Should().BeLessThan(1024 * 1024, $"#{i} {request}");
        }

        routes.Should().HaveCount(17, "every route is drawn");
    }

    private static string Describe(FuzzRequest request) =>
        request + string.Join("|", request.Headers.Select(h => $"{h.Key}={h.Value}")) + Convert.ToBase64String(request.Body ?? []);
}
