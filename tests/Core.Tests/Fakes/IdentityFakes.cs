using System.Collections.Concurrent;
using System.Globalization;
using EntryExit.Core.Identity;

namespace EntryExit.Core.Tests.Fakes;

/// <summary>In-memory failure counters with Table storage's insert-if-absent and ETag rules.</summary>
internal sealed class InMemoryFailureCounters : IFailureCounters
{
    private readonly ConcurrentDictionary<string, FailureWindow> _windows = new();
    private int _version;

    public Task<FailureWindow?> FindAsync(string subject, CancellationToken cancellationToken) =>
        Task.FromResult(_windows.TryGetValue(subject, out var w) ? w : null);

    public Task<bool> TrySaveAsync(string subject, FailureWindow window, CancellationToken cancellationToken)
    {
        lock (_windows)
        {
            var exists = _windows.TryGetValue(subject, out var current);
            if (window.Version is null ? exists : !exists || current!.Version != window.Version)
            {
                return Task.FromResult(false);
            }

            _windows[subject] = window with { Version = Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture) };
            return Task.FromResult(true);
        }
    }
}

internal sealed class InMemoryPeople : IPersonStore
{
    private readonly Security.IPersonKeys _keys;
    private readonly ConcurrentDictionary<PersonKey, Person> _people = new();

    public InMemoryPeople(Security.IPersonKeys keys) => _keys = keys;

    public int Reads { get; private set; }

    public Task<Person?> FindAsync(PersonKey key, CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult(_people.TryGetValue(key, out var p) ? p : null);
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

/// <summary>Counts the sessions it is asked to create, since each costs money with a real provider.</summary>
internal sealed class CountingLiveness(ILivenessProvider inner) : ILivenessProvider
{
    public int SessionsStarted { get; private set; }

    public Task<LivenessSession> StartAsync(DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        SessionsStarted++;
        return inner.StartAsync(expiresAt, cancellationToken);
    }

    public Task<bool> HasPassedAsync(LivenessSession session, string clientResult, CancellationToken cancellationToken) =>
        inner.HasPassedAsync(session, clientResult, cancellationToken);
}
