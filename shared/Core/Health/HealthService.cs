namespace EntryExit.Core.Health;

/// <summary>The answer of <c>GET /api/health</c>.</summary>
public sealed record HealthReport(bool Healthy, IReadOnlyDictionary<string, string> Checks)
{
    public string Status => Healthy ? "healthy" : "unhealthy";
}

/// <summary>Asks every <see cref="IDependencyCheck"/> at once.</summary>
public sealed class HealthService(IEnumerable<IDependencyCheck> checks)
{
    /// <summary>
    /// When an unhealthy answer tells callers (load balancers, clients) to look again: storage outages are seldom
    /// shorter, and probing faster only adds load to a struggling dependency.
    /// </summary>
    public const int RetryAfterSeconds = 30;

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var list = checks.ToList();
        var results = await Task.WhenAll(list.Select(c => c.IsHealthyAsync(cancellationToken)));
        var byName = new Dictionary<string, string>();
        for (var i = 0; i < list.Count; i++)
        {
            byName[list[i].Name] = results[i] ? "healthy" : "unhealthy";
        }

        return new HealthReport(results.All(ok => ok), byName);
    }
}
