using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EntryExit.EndToEnd.Tests;

/// <summary>
/// Every log line the host writes, formatted and with its structured values, for privacy assertions; except while a
/// <see cref="CountOnly"/> scope is open, when lines are counted and only the first errors are kept.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    /// <summary>Errors kept while counting: enough to diagnose a failing round, never a round's worth.</summary>
    private const int MaxErrorsWhileCounting = 100;

    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _errorsWhileCounting = new();
    private int _counting;
    private long _counted;

    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>Lines written while counting only: how many, and the first errors among them.</summary>
    public long Counted => Interlocked.Read(ref _counted);

    public IReadOnlyCollection<string> ErrorsWhileCounting => _errorsWhileCounting;

    /// <summary>
    /// Until disposed, lines are counted instead of kept (errors up to a bound): a fuzz round writes tens of thousands of
    /// lines about requests of nobody, which no privacy assertion needs and which would otherwise stay in memory.
    /// </summary>
    public IDisposable CountOnly()
    {
        Interlocked.Increment(ref _counting);
        return new Scope(() => Interlocked.Decrement(ref _counting));
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose()
    {
    }

    /// <summary>Where a line of this level goes: kept, kept as an error while counting, or only counted (null: not written out at all).</summary>
    private ConcurrentQueue<string>? Destination(LogLevel level)
    {
        if (Volatile.Read(ref _counting) == 0)
        {
            return _lines;
        }

        Interlocked.Increment(ref _counted);
        return level >= LogLevel.Error && _errorsWhileCounting.Count < MaxErrorsWhileCounting ? _errorsWhileCounting : null;
    }

    private sealed class Logger(string category, CapturedLogs logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logs.Destination(logLevel) is not { } destination)
            {
                return;
            }

            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            destination.Enqueue($"{logLevel} {category}: {formatter(state, exception)} | {values} {exception}");
        }
    }
}

/// <summary>Runs an action once, when disposed.</summary>
internal sealed class Scope(Action onDispose) : IDisposable
{
    private Action? _onDispose = onDispose;

    public void Dispose() => Interlocked.Exchange(ref _onDispose, null)?.Invoke();
}
