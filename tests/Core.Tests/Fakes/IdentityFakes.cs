using System.Collections.Concurrent;
using System.Globalization;
using EntryExit.Core.Identity;

namespace EntryExit.Core.Tests.Fakes;

/// <summary>In-memory failure counters with Table storage's insert-if-absent and ETag rules.</summary>
internal sealed class InMemoryFailureCounters : IFailureCounters
{
    private readonly VersionedRows<string, FailureWindow> _windows = new(w => w.Version, (w, version) => w with { Version = version });

    public Task<FailureWindow?> FindAsync(string subject, CancellationToken cancellationToken) => Task.FromResult(_windows.Find(subject));

    public Task<bool> TrySaveAsync(string subject, FailureWindow window, CancellationToken cancellationToken) => Task.FromResult(_windows.TrySave(subject, window));
}

internal sealed class InMemoryPeople : IPersonStore
{
    private readonly Security.IPersonKeys _keys;
    private readonly ConcurrentDictionary<PersonKey, Person> _people = new();

    public InMemoryPeople(Security.IPersonKeys keys) => _keys = keys;

    public int Reads { get; private set; }

    public Task<Person?> FindAsync(PersonKey personKey, CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult(_people.TryGetValue(personKey, out var p) ? p : null);
    }

    public Task UpsertAsync(IReadOnlyList<Person> people, CancellationToken cancellationToken)
    {
        foreach (var person in people)
        {
            _people[_keys.KeyOf(person.IdNumber)] = person;
        }

        return Task.CompletedTask;
    }
}

internal sealed class InMemoryVerifications : IVerificationStore
{
    private readonly ConcurrentDictionary<string, Verification> _items = new();

    public Task CreateAsync(Verification verification, CancellationToken cancellationToken)
    {
        _items[verification.Id] = verification with { Version = "1" };
        return Task.CompletedTask;
    }

    public Task<Verification?> FindAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(_items.TryGetValue(id, out var v) ? v : null);

    public Task<Verification?> TryReplaceAsync(Verification verification, CancellationToken cancellationToken)
    {
        lock (_items)
        {
            if (!_items.TryGetValue(verification.Id, out var current) || current.Version != verification.Version)
            {
                return Task.FromResult<Verification?>(null);
            }

            var replaced = verification with { Version = current.Version + "+" };
            _items[verification.Id] = replaced;
            return Task.FromResult<Verification?>(replaced);
        }
    }

    public Task<bool> TryCompleteAsync(Verification verification, CancellationToken cancellationToken)
    {
        lock (_items)
        {
            if (!_items.TryGetValue(verification.Id, out var current) || current.Version != verification.Version)
            {
                return Task.FromResult(false);
            }

            _items[verification.Id] = verification with { Completed = true, Version = current.Version + "+" };
            return Task.FromResult(true);
        }
    }
}

internal sealed class InMemoryRevocations : ISessionRevocations
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new();

    public Task RevokeAsync(string verificationId, DateTimeOffset until, CancellationToken cancellationToken)
    {
        _revoked[verificationId] = until;
        return Task.CompletedTask;
    }

    public Task<bool> IsRevokedAsync(string verificationId, CancellationToken cancellationToken) =>
        Task.FromResult(_revoked.ContainsKey(verificationId));
}

internal sealed class InMemoryAudit : IAuditLog
{
    public ConcurrentQueue<AuditEntry> Entries { get; } = new();

    public Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        Entries.Enqueue(entry);
        return Task.CompletedTask;
    }
}

internal sealed class InMemoryPhotos : IReferencePhotos
{
    private readonly ConcurrentDictionary<PersonKey, ReferencePhoto> _photos = new();

    public Task<ReferencePhoto?> FindAsync(PersonKey personKey, CancellationToken cancellationToken) =>
        Task.FromResult(_photos.TryGetValue(personKey, out var p) ? p : null);

    public Task SaveAsync(PersonKey personKey, ReferencePhoto photo, CancellationToken cancellationToken)
    {
        _photos[personKey] = photo;
        return Task.CompletedTask;
    }

    public Task DeleteAsync(PersonKey personKey, CancellationToken cancellationToken)
    {
        _photos.TryRemove(personKey, out _);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Counts the sessions it is asked to create (each costs money with a real provider) and the answers it judges; can
/// play a provider that is down.
/// </summary>
internal sealed class CountingLiveness(ILivenessProvider inner) : ILivenessProvider
{
    private int _sessions;
    private int _judged;

    public int SessionsStarted => _sessions;

    public int Judged => _judged;

    public bool Unavailable { get; set; }

    /// <summary>Held before judging, so a test can have many answers in flight at once.</summary>
    public Task? Gate { get; set; }

    public async Task<LivenessSession?> StartAsync(ReferencePhoto reference, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        if (Unavailable)
        {
            throw new FaceUnavailableException("The test's provider is down.");
        }

        Interlocked.Increment(ref _sessions);
        return await inner.StartAsync(reference, expiresAt, cancellationToken);
    }

    public async Task<bool> HasPassedAsync(LivenessSession session, ReferencePhoto reference, string clientResult, CancellationToken cancellationToken)
    {
        if (Unavailable)
        {
            throw new FaceUnavailableException("The test's provider is down.");
        }

        Interlocked.Increment(ref _judged);
        if (Gate is { } gate)
        {
            await gate;
        }

        return await inner.HasPassedAsync(session, reference, clientResult, cancellationToken);
    }
}

/// <summary>Small valid images for tests: the magic bytes are what makes them JPEG or PNG.</summary>
internal static class TestPhotos
{
    public static ReferencePhoto Png(byte seed) =>
        ReferencePhoto.From([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Enumerable.Repeat(seed, 64)])!;
}
