using System.Globalization;

namespace EntryExit.TestSupport.Fuzz;

/// <summary>
/// What a fuzz round found: every answer by status and route, the answers that broke the contract (counted, and the
/// first 50 described with the index of their request in the seeded stream), and the time spent per class of request (route and shape).
/// </summary>
public sealed record FuzzReport(int Seed, int Requests, IReadOnlyDictionary<int, int> ByStatus, IReadOnlyDictionary<string, int> ByRoute,
    int RefusedByKestrel, int ViolationCount, IReadOnlyList<string> Violations, IReadOnlyList<FuzzClassTime> Classes, TimeSpan Elapsed)
{
    public int ServerErrors => ByStatus.Where(s => s.Key >= 500).Sum(s => s.Value);

    public string Summary => string.Create(CultureInfo.InvariantCulture, $"seed {Seed}, {Requests} requests in {Elapsed.TotalSeconds:F1} s: ")
        + string.Join(", ", ByStatus.OrderBy(s => s.Key).Select(s => $"{s.Key} × {s.Value}")) + $"; {RefusedByKestrel} of the 400s Kestrel's (a NUL in the path); {ViolationCount} contract violations";

    /// <summary>Where the time went: the classes that took longest in all, with their count and slowest request.</summary>
    public string SlowestClasses(int top) => string.Join(Environment.NewLine, Classes.OrderByDescending(c => c.Total).Take(top).Select(c => c.ToString()));

    /// <summary>What to put in an assertion's message: the summary, then every violation, each replayable from its index.</summary>
    public string Replay => Summary + Environment.NewLine
        + $"replay a request: new HostileRequests({Seed}, target) and draw index + 1 requests" + Environment.NewLine
        + string.Join(Environment.NewLine, Violations);
}

/// <summary>The requests of one route and shape: how many, their total time, and the slowest one.</summary>
public sealed record FuzzClassTime(string Class, int Count, TimeSpan Total, TimeSpan Slowest, int SlowestIndex)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Class}: {Count} in {Total.TotalSeconds:F1} s, slowest #{SlowestIndex} {Slowest.TotalMilliseconds:F0} ms");
}

/// <summary>Counts answers as they arrive from parallel senders; keeps no request and no body.</summary>
internal sealed class FuzzTally(int seed)
{
    private const int MaxViolations = 50;
    private readonly Dictionary<int, int> _byStatus = [];
    private readonly Dictionary<string, int> _byRoute = [];
    private readonly Dictionary<string, FuzzClassTime> _classes = [];
    private readonly List<string> _violations = [];
    private int _requests;
    private int _violationCount;
    private int _refused;

    public void Add(int index, FuzzRequest request, int status, string? problem, bool refusedByKestrel, TimeSpan elapsed)
    {
        var name = $"{request.Route} ({request.Shape})";
        lock (_byStatus)
        {
            _requests++;
            _byStatus[status] = _byStatus.GetValueOrDefault(status) + 1;
            _byRoute[request.Route] = _byRoute.GetValueOrDefault(request.Route) + 1;
            var time = _classes.GetValueOrDefault(name) ?? new FuzzClassTime(name, 0, TimeSpan.Zero, TimeSpan.Zero, index);
            _classes[name] = time with
            {
                Count = time.Count + 1,
                Total = time.Total + elapsed,
                Slowest = elapsed > time.Slowest ? elapsed : time.Slowest,
                SlowestIndex = elapsed > time.Slowest ? index : time.SlowestIndex,
            };
            _violationCount += problem is null ? 0 : 1;
            _refused += refusedByKestrel ? 1 : 0;
            if (problem is not null && _violations.Count < MaxViolations)
            {
                _violations.Add($"#{index} {request} → {status}: {problem}");
            }
        }
    }

    public FuzzReport Report(TimeSpan elapsed)
    {
        lock (_byStatus)
        {
            return new FuzzReport(seed, _requests, new Dictionary<int, int>(_byStatus), new Dictionary<string, int>(_byRoute), _refused, _violationCount, [.. _violations], [.. _classes.Values], elapsed);
        }
    }
}
