namespace EntryExit.Core.Health;

/// <summary>One dependency the API needs (tables, blobs, queues); <c>GET /api/health</c> asks each.</summary>
public interface IDependencyCheck
{
    /// <summary>The name in the health answer's <c>checks</c>.</summary>
    string Name { get; }

    /// <summary>True when the dependency answered; never throws.</summary>
    Task<bool> IsHealthyAsync(CancellationToken cancellationToken);
}
