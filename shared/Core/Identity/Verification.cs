namespace EntryExit.Core.Identity;

/// <summary>One identity check: the name/number step passed, the liveness step pending or done.</summary>
/// <param name="Version">The storage version (ETag) this copy was read at.</param>
/// <param name="Answers">Liveness answers taken so far, counted before each is judged.</param>
public sealed record Verification(string Id, PersonKey PersonKey, LivenessSession Liveness, DateTimeOffset ExpiresAt, bool Completed, string? Version = null, int Answers = 0);

/// <summary>Where verifications live between the two steps.</summary>
public interface IVerificationStore
{
    Task CreateAsync(Verification verification, CancellationToken cancellationToken);

    Task<Verification?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Replaces it if still at <see cref="Verification.Version"/>: the copy with its new version, or null when someone wrote first.</summary>
    Task<Verification?> TryReplaceAsync(Verification verification, CancellationToken cancellationToken);

    /// <summary>Marks it completed unless someone else did first (optimistic concurrency on <see cref="Verification.Version"/>).</summary>
    Task<bool> TryCompleteAsync(Verification verification, CancellationToken cancellationToken);
}

/// <summary>The population record, read by key.</summary>
public interface IPersonStore
{
    Task<Person?> FindAsync(PersonKey personKey, CancellationToken cancellationToken);

    Task UpsertAsync(IReadOnlyList<Person> people, CancellationToken cancellationToken);
}

/// <summary>Revoked sessions (signed-out tokens), remembered until the token would have expired anyway.</summary>
public interface ISessionRevocations
{
    Task RevokeAsync(string verificationId, DateTimeOffset until, CancellationToken cancellationToken);

    Task<bool> IsRevokedAsync(string verificationId, CancellationToken cancellationToken);
}
