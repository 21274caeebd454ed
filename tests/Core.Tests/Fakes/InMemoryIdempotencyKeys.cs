using System.Collections.Concurrent;
using EntryExit.Core.Reports;

namespace EntryExit.Core.Tests.Fakes;

/// <summary>An in-memory <see cref="IIdempotencyKeys"/>: insert-or-read and compare-and-swap, as with Table storage.</summary>
internal sealed class InMemoryIdempotencyKeys : IIdempotencyKeys
{
    private readonly ConcurrentDictionary<(string Person, string Key), IdempotencyClaim> _claims = new();
    private int _version;

    public int Count => _claims.Count;

    public async Task<IdempotencyClaim> ClaimAsync(IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return _claims.GetOrAdd((claim.PersonKey.Value, claim.KeyHash), _ => claim with { Version = NextVersion() });
    }

    public async Task<IdempotencyClaim?> TryReplaceAsync(IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_claims)
        {
            var key = (claim.PersonKey.Value, claim.KeyHash);
            if (!_claims.TryGetValue(key, out var current) || current.Version != claim.Version)
            {
                return null;
            }

            var stored = claim with { Version = NextVersion() };
            _claims[key] = stored;
            return stored;
        }
    }

    private string NextVersion() => Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
