using System.Collections.Concurrent;
using System.Globalization;

namespace EntryExit.Core.Tests.Fakes;

/// <summary>
/// Rows in memory under Table storage's write rules: a row read as absent (no version) is inserted only if still absent,
/// a row read at a version is replaced only if still at it, and every write gives the row a new version.
/// </summary>
internal sealed class VersionedRows<TKey, TRow>(Func<TRow, string?> versionOf, Func<TRow, string, TRow> withVersion)
    where TKey : notnull
    where TRow : class
{
    private readonly ConcurrentDictionary<TKey, TRow> _rows = new();
    private int _version;

    public TRow? Find(TKey key) => _rows.TryGetValue(key, out var row) ? row : null;

    public bool TrySave(TKey key, TRow row)
    {
        var stored = withVersion(row, Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture));
        return versionOf(row) is { } version
            ? _rows.TryGetValue(key, out var current) && versionOf(current) == version && _rows.TryUpdate(key, stored, current)
            : _rows.TryAdd(key, stored);
    }
}
