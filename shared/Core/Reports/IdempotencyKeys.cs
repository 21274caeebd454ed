using System.Security.Cryptography;
using System.Text;
using EntryExit.Core.Identity;

namespace EntryExit.Core.Reports;

/// <summary>
/// One person's use of an <c>Idempotency-Key</c> on <c>POST /api/reports</c>: the key (only as its hash), the request
/// it came with (only as a keyed hash) and the number of the report it stands for, chosen when the key is first claimed.
/// </summary>
public sealed record IdempotencyClaim(PersonKey PersonKey, string KeyHash, string RequestHash, ReportNumber Number, DateTimeOffset ClaimedAt)
{
    /// <summary>How long a key answers with the same report (SPEC §5).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>The stored version (ETag); null before it is stored.</summary>
    public string? Version { get; init; }

    public bool IsLiveAt(DateTimeOffset now) => now < ClaimedAt + Lifetime;

    /// <summary>1–128 visible ASCII characters, as the client sent them (a UUID is the usual choice).</summary>
    public static bool IsValidKey(string key) => key.Length is >= 1 and <= 128 && key.All(c => c is >= '!' and <= '~');

    /// <summary>Lower-case hex SHA-256 of the key: any key fits in a table key, and keys of other people never meet (the person is the partition).</summary>
    public static string HashKey(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

/// <summary>Claims on idempotency keys, written atomically before the report they stand for.</summary>
public interface IIdempotencyKeys
{
    /// <summary>Inserts <paramref name="claim"/> unless the person has already claimed the key; answers what is stored, theirs or this one.</summary>
    Task<IdempotencyClaim> ClaimAsync(IdempotencyClaim claim, CancellationToken cancellationToken);

    /// <summary>Replaces a stored claim if it is still at its <see cref="IdempotencyClaim.Version"/>; null when someone changed it first.</summary>
    Task<IdempotencyClaim?> TryReplaceAsync(IdempotencyClaim claim, CancellationToken cancellationToken);
}
