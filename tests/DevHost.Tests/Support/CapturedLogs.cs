using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EntryExit.DevHost.Tests.Support;

/// <summary>An in-memory logger provider: every entry with its structured fields.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    public sealed record Entry(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Fields, Exception? Exception)
    {
        public object? this[string field] => Fields.TryGetValue(field, out var value) ? value : null;
    }

    private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value)
                : [];
            entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), fields, exception));
        }
    }
}
