using EntryExit.Core.Documents;
using EntryExit.Core.Identity;
using EntryExit.Core.Issuances;
using EntryExit.Core.Records;
using EntryExit.Core.Security;

namespace EntryExit.Core.Import;

/// <summary>
/// Lines parsed since the last checkpoint, grouped by person so each partition is written in entity group
/// transactions. Writes are upserts keyed by content: writing the same batch twice changes nothing.
/// </summary>
public sealed class ImportBatch(
    IPersonKeys personKeys,
    IPersonStore people,
    IReferencePhotos photos,
    IDocumentStore documents,
    IIssuanceStore issuances,
    ICrossingStore crossings,
    int parallelism)
{
    /// <summary>Photo bytes a batch holds before it is flushed, whatever its line count.</summary>
    public const int MaxPhotoBytes = 16 * 1024 * 1024;

    private readonly List<Person> _people = [];
    private readonly Dictionary<PersonKey, (long Line, ReferencePhoto Photo)> _photos = [];
    private readonly Dictionary<PersonKey, List<TravelDocument>> _documents = [];
    private readonly List<(long Line, string DocumentNumber, Endorsement Endorsement)> _endorsements = [];
    private readonly Dictionary<PersonKey, List<Crossing>> _crossings = [];
    private readonly Dictionary<PersonKey, List<Issuance>> _issuances = [];

    private (string IdNumber, PersonKey Key)? _lastKey;

    public int Count { get; private set; }

    /// <summary>Bytes of the photos held.</summary>
    public long PhotoBytes { get; private set; }

    /// <summary>Takes a parsed line; false for a rejected one.</summary>
    public bool Add(long line, ImportLine parsed)
    {
        switch (parsed)
        {
            case ImportLine.PersonLine p:
                _people.Add(p.Person);
                break;
            case ImportLine.PhotoLine photo:
                // The later of two photos of one person in a batch wins, as it would in two batches.
                var personKey = KeyOf(photo.IdNumber);
                PhotoBytes += photo.Photo.Bytes.Length - (_photos.TryGetValue(personKey, out var earlier) ? earlier.Photo.Bytes.Length : 0);
                _photos[personKey] = (line, photo.Photo);
                break;
            case ImportLine.DocumentLine d:
                Bucket(_documents, KeyOf(d.IdNumber)).Add(d.Document);
                break;
            case ImportLine.EndorsementLine e:
                _endorsements.Add((line, e.DocumentNumber, e.Endorsement));
                break;
            case ImportLine.CrossingLine c:
                Bucket(_crossings, KeyOf(c.IdNumber)).Add(c.Crossing);
                break;
            case ImportLine.IssuanceLine i:
                Bucket(_issuances, KeyOf(i.IdNumber)).Add(i.Issuance);
                break;
            default:
                return false;
        }

        Count++;
        return true;
    }

    /// <summary>
    /// Writes everything at once, except that documents go before the endorsements that hang on them, and people
    /// before the photos of them.
    /// </summary>
    /// <returns>The lines refused on writing: endorsements whose document is not known, photos of unknown people.</returns>
    public async Task<IReadOnlyList<ImportError>> FlushAsync(CancellationToken cancellationToken)
    {
        var documentsThenEndorsements = WriteDocumentsThenEndorsementsAsync(cancellationToken);
        var peopleThenPhotos = WritePeopleThenPhotosAsync(cancellationToken);
        await Task.WhenAll(
            peopleThenPhotos,
            documentsThenEndorsements,
            ForEachPartition(_crossings, crossings.UpsertAsync, cancellationToken),
            ForEachPartition(_issuances, issuances.UpsertAsync, cancellationToken));
        List<ImportError> refused =
        [
            .. (await documentsThenEndorsements).Select(line => new ImportError(line, "unknown_document")),
            .. (await peopleThenPhotos).Select(line => new ImportError(line, "unknown_person")),
        ];

        _people.Clear();
        _photos.Clear();
        PhotoBytes = 0;
        _documents.Clear();
        _endorsements.Clear();
        _crossings.Clear();
        _issuances.Clear();
        Count = 0;
        return refused;
    }

    private async Task<List<long>> WritePeopleThenPhotosAsync(CancellationToken cancellationToken)
    {
        await people.UpsertAsync(_people, cancellationToken);

        // A person written just above is known without asking storage (people usually precede their photos in a file).
        var written = _people.Select(p => KeyOf(p.IdNumber)).ToHashSet();
        var unknown = new System.Collections.Concurrent.ConcurrentBag<long>();
        await Parallel.ForEachAsync(
            _photos,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (pair, ct) =>
            {
                if (!written.Contains(pair.Key) && await people.FindAsync(pair.Key, ct) is null)
                {
                    unknown.Add(pair.Value.Line);
                    return;
                }

                await photos.SaveAsync(pair.Key, pair.Value.Photo, ct);
            });
        return [.. unknown];
    }

    private async Task<List<long>> WriteDocumentsThenEndorsementsAsync(CancellationToken cancellationToken)
    {
        await ForEachPartition(_documents, documents.UpsertAsync, cancellationToken);
        if (_endorsements.Count == 0)
        {
            return [];
        }

        var known = await documents.AddEndorsementsAsync([.. _endorsements.Select(e => (e.DocumentNumber, e.Endorsement))], cancellationToken);
        return [.. _endorsements.Where((_, i) => !known[i]).Select(e => e.Line)];
    }

    private Task ForEachPartition<T>(
        Dictionary<PersonKey, List<T>> byPerson,
        Func<PersonKey, IReadOnlyList<T>, CancellationToken, Task> write,
        CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            byPerson,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (pair, ct) => await write(pair.Key, pair.Value, ct));

    /// <summary>A person's lines come one after another (a commuter's thousands of crossings): their key is computed once a run of them.</summary>
    private PersonKey KeyOf(ResidentIdNumber idNumber)
    {
        if (_lastKey is not { } last || !string.Equals(last.IdNumber, idNumber.Value, StringComparison.Ordinal))
        {
            _lastKey = last = (idNumber.Value, personKeys.KeyOf(idNumber));
        }

        return last.Key;
    }

    private static List<T> Bucket<T>(Dictionary<PersonKey, List<T>> byPerson, PersonKey personKey)
    {
        if (!byPerson.TryGetValue(personKey, out var list))
        {
            byPerson[personKey] = list = [];
        }

        return list;
    }
}
