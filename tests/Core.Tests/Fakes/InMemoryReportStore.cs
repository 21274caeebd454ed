using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using EntryExit.Core.Reports;

namespace EntryExit.Core.Tests.Fakes;

/// <summary>An in-memory <see cref="IReportStore"/> with the same compare-and-swap rules as Table storage's ETags.</summary>
internal sealed class InMemoryReportStore(TimeProvider? clock = null) : IReportStore
{
    private readonly ConcurrentDictionary<string, Report> _reports = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _changedAt = new();
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private int _version;

    public Task<bool> TryCreateAsync(Report report, CancellationToken cancellationToken)
    {
        var added = _reports.TryAdd(report.Number.Value, report with { Version = NextVersion() });
        if (added)
        {
            _changedAt[report.Number.Value] = _clock.GetUtcNow();
        }

        return Task.FromResult(added);
    }

    public Task<Report?> FindAsync(ReportNumber number, CancellationToken cancellationToken) =>
        Task.FromResult(_reports.TryGetValue(number.Value, out var r) ? r : null);

    public Task<Report?> TryUpdateAsync(Report report, CancellationToken cancellationToken)
    {
        lock (_reports)
        {
            if (!_reports.TryGetValue(report.Number.Value, out var current) || current.Version != report.Version)
            {
                return Task.FromResult<Report?>(null);
            }

            var stored = report with { Version = NextVersion() };
            _reports[report.Number.Value] = stored;
            _changedAt[report.Number.Value] = _clock.GetUtcNow();
            return Task.FromResult<Report?>(stored);
        }
    }

    public async IAsyncEnumerable<Report> ListExpiredAsync(DateTimeOffset now, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var report in _reports.Values.Where(r => r.Status.HoldsFile() && r.ExpiresAt <= now))
        {
            yield return report;
        }
    }

    public async IAsyncEnumerable<Report> ListStuckAsync(DateTimeOffset changedBefore, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var report in _reports.Values.Where(r => _changedAt[r.Number.Value] < changedBefore
                     && (r.Status is ReportStatus.Queued or ReportStatus.Rendering or ReportStatus.Sending
                         || (r.Status == ReportStatus.Ready && r.Delivery == Delivery.Email))))
        {
            yield return report;
        }
    }

    private string NextVersion() => Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
