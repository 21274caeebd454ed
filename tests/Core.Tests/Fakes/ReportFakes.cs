using System.Collections.Concurrent;
using EntryExit.Core.Documents;
using EntryExit.Core.Identity;
using EntryExit.Core.Issuances;
using EntryExit.Core.Records;
using EntryExit.Core.Reports;
using EntryExit.Core.Security;

namespace EntryExit.Core.Tests.Fakes;

/// <summary>Crossings per person, answered as Table storage does: newest first, one key range, paged by row key.</summary>
internal sealed class InMemoryCrossings : ICrossingStore
{
    private readonly ConcurrentDictionary<PersonKey, List<Crossing>> _crossings = new();

    public List<int> PageSizesAsked { get; } = [];

    public Task UpsertAsync(PersonKey personKey, IReadOnlyList<Crossing> crossings, CancellationToken cancellationToken)
    {
        var list = _crossings.GetOrAdd(personKey, _ => []);
        lock (list)
        {
            list.AddRange(crossings.Where(c => !list.Contains(c)));
        }

        return Task.CompletedTask;
    }

    public Task<CrossingPage> QueryAsync(
        PersonKey personKey, DateTimeOffset start, DateTimeOffset end, IReadOnlyCollection<DocumentRef> documents, int pageSize, string? afterRowKey, CancellationToken cancellationToken)
    {
        PageSizesAsked.Add(pageSize);
        var matching = (_crossings.TryGetValue(personKey, out var list) ? list : [])
            .Where(c => c.At >= start && c.At < end)
            .Where(c => documents.Count > 0 ? documents.Contains(new DocumentRef(c.DocumentKind, c.DocumentNumber)) : c.DocumentKind.IsServedOnline())
            .Select(c => (Key: CrossingKey.RowKey(c), Crossing: c))
            .OrderBy(x => x.Key, StringComparer.Ordinal)
            .Where(x => afterRowKey is null || string.CompareOrdinal(x.Key, afterRowKey) > 0)
            .Take(pageSize + 1)
            .ToList();
        var page = matching.Take(pageSize).ToList();
        return Task.FromResult(new CrossingPage([.. page.Select(x => x.Crossing)], matching.Count > pageSize ? page[^1].Key : null));
    }
}

internal sealed class InMemoryDocuments : IDocumentStore
{
    private readonly ConcurrentDictionary<PersonKey, List<TravelDocument>> _documents = new();

    public Task UpsertAsync(PersonKey personKey, IReadOnlyList<TravelDocument> documents, CancellationToken cancellationToken)
    {
        _documents.GetOrAdd(personKey, _ => []).AddRange(documents);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<bool>> AddEndorsementsAsync(IReadOnlyList<(string DocumentNumber, Endorsement Endorsement)> endorsements, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Not used by the report and records services.");

    public Task<IReadOnlyList<TravelDocument>> ListAsync(PersonKey personKey, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TravelDocument>>(_documents.TryGetValue(personKey, out var list) ? [.. list] : []);
}

internal sealed class InMemoryIssuances : IIssuanceStore
{
    private readonly ConcurrentDictionary<PersonKey, List<Issuance>> _issuances = new();

    public Task UpsertAsync(PersonKey personKey, IReadOnlyList<Issuance> issuances, CancellationToken cancellationToken)
    {
        _issuances.GetOrAdd(personKey, _ => []).AddRange(issuances);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Issuance>> ListAsync(PersonKey personKey, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Issuance>>(_issuances.TryGetValue(personKey, out var list) ? [.. list] : []);
}

internal sealed class InMemoryReportFiles : IReportFiles
{
    public ConcurrentDictionary<string, byte[]> Files { get; } = new();

    public int Saves { get; private set; }

    public Task SaveAsync(ReportNumber number, byte[] pdf, CancellationToken cancellationToken)
    {
        Saves++;
        Files[number.Value] = pdf;
        return Task.CompletedTask;
    }

    public Task<byte[]?> ReadAsync(ReportNumber number, CancellationToken cancellationToken) =>
        Task.FromResult(Files.TryGetValue(number.Value, out var pdf) ? pdf : null);

    public Task DeleteAsync(ReportNumber number, CancellationToken cancellationToken)
    {
        Files.TryRemove(number.Value, out _);
        return Task.CompletedTask;
    }

    public Task<Uri> GetDownloadUrlAsync(ReportNumber number, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        Task.FromResult(new Uri($"https://files.test/{number}?se={expiresAt.ToUnixTimeSeconds()}"));
}

/// <summary>Records what each stage hands on, with the delay asked for.</summary>
internal sealed class RecordingReportQueue : IReportQueue
{
    public ConcurrentQueue<(string Queue, ReportNumber Number, TimeSpan Delay)> Messages { get; } = new();

    public IEnumerable<(ReportNumber Number, TimeSpan Delay)> Of(string queue) => Messages.Where(m => m.Queue == queue).Select(m => (m.Number, m.Delay));

    public Task EnqueueRenderAsync(ReportNumber number, TimeSpan delay, CancellationToken cancellationToken)
    {
        Messages.Enqueue((ReportQueues.Render, number, delay));
        return Task.CompletedTask;
    }

    public Task EnqueueEmailAsync(ReportNumber number, TimeSpan delay, CancellationToken cancellationToken)
    {
        Messages.Enqueue((ReportQueues.Email, number, delay));
        return Task.CompletedTask;
    }
}

/// <summary>A mail service that answers as told: sends, is unavailable (transient), or fails.</summary>
internal sealed class ScriptedEmailSender : IEmailSender
{
    public List<EmailMessage> Sent { get; } = [];

    public Exception? Next { get; set; }

    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        if (Next is { } failure)
        {
            throw failure;
        }

        Sent.Add(message);
        return Task.CompletedTask;
    }
}

internal sealed class MailServiceUnavailable(TimeSpan? retryAfter) : Exception("mail service unavailable"), ITransientFailure
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>Keeps what it was asked to draw; the PDF bytes name the report, so tests can tell files apart.</summary>
internal sealed class RecordingEFileRenderer : IEFileRenderer
{
    public List<(RecordsEFileContent Content, IEFileSigningKey? SigningKey, EFileProtection? Protection)> Records { get; } = [];

    public List<(IssuancesEFileContent Content, IEFileSigningKey? SigningKey, EFileProtection? Protection)> Issuances { get; } = [];

    public Exception? Failure { get; set; }

    public Task<RenderedEFile> RenderRecordsAsync(
        RecordsEFileContent content, IEFileSigningKey? signingKey = null, EFileProtection? protection = null, CancellationToken cancellationToken = default)
    {
        Records.Add((content, signingKey, protection));
        return Failure is { } e ? Task.FromException<RenderedEFile>(e)
            : Task.FromResult(new RenderedEFile(System.Text.Encoding.UTF8.GetBytes($"%PDF {content.Issue.Number}"), 1 + (content.Crossings.Count / 40)));
    }

    public Task<RenderedEFile> RenderIssuancesAsync(
        IssuancesEFileContent content, IEFileSigningKey? signingKey = null, EFileProtection? protection = null, CancellationToken cancellationToken = default)
    {
        Issuances.Add((content, signingKey, protection));
        return Failure is { } e ? Task.FromException<RenderedEFile>(e) : Task.FromResult(new RenderedEFile(System.Text.Encoding.UTF8.GetBytes($"%PDF {content.Issue.Number}"), 1));
    }
}

/// <summary>Deterministic "randomness": a fixed sequence, so report numbers and codes are known in advance.</summary>
internal sealed class SequenceRandom(params int[] values) : ISecureRandom
{
    private int _next;

    public int NextInt(int toExclusive) => values[_next++ % values.Length] % toExclusive;

    public void Fill(Span<byte> buffer)
    {
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = (byte)NextInt(256);
        }
    }
}

/// <summary>Daily report counts with compare-and-swap versions, as with Table storage.</summary>
internal sealed class InMemoryReportQuotas : IReportQuotaStore
{
    private readonly VersionedRows<PersonKey, DailyReportCount> _counts = new(c => c.Version, (c, version) => c with { Version = version });

    public Task<DailyReportCount?> FindAsync(PersonKey personKey, CancellationToken cancellationToken) => Task.FromResult(_counts.Find(personKey));

    public Task<bool> TrySaveAsync(PersonKey personKey, DailyReportCount count, CancellationToken cancellationToken) => Task.FromResult(_counts.TrySave(personKey, count));
}
