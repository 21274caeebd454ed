using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using EntryExit.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace EntryExit.EndToEnd.Tests;

/// <summary>
/// Everything the host's OpenTelemetry pipeline exports — spans, metric points, log records — kept in memory by
/// exporters added beside the app's own, so tests can read what Application Insights would receive; except while a
/// <see cref="CountOnly"/> scope is open, when spans and log records are counted and dropped.
/// </summary>
public sealed class ExportedTelemetry
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly List<MetricSnapshot> _metrics = [];
    private readonly ConcurrentQueue<string> _logRecords = new();
    private readonly Counting _counting = new();

    public IReadOnlyCollection<Activity> Spans => _spans;

    /// <summary>Spans and log records exported while counting only.</summary>
    public long Counted => _counting.Counted;

    /// <summary>
    /// Until disposed, spans and log records are counted instead of kept (metrics stay: their cumulative points do not
    /// grow with the number of requests). A fuzz round exports several spans per request, each holding its tags.
    /// </summary>
    public IDisposable CountOnly() => _counting.Start();

    /// <summary>Adds the in-memory exporters to the app's tracer, meter and logger providers.</summary>
    public void AddTo(IServiceCollection services)
    {
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new SimpleActivityExportProcessor(new SpanExporter(_spans, _counting))));
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(_metrics));
        services.ConfigureOpenTelemetryLoggerProvider(logging => logging.AddProcessor(new SimpleLogRecordExportProcessor(new LogRecordExporter(_logRecords, _counting))));
    }

    /// <summary>Exports the metrics collected so far (they are otherwise exported once a minute).</summary>
    public static void Flush(IServiceProvider services) =>
        services.GetRequiredService<MeterProvider>().ForceFlush().Should().BeTrue("the metric exporter should flush");

    /// <summary>The exported metric points of one instrument, summed over points whose tags include every one given.</summary>
    public double Sum(string instrument, params (string Name, string Value)[] tags)
    {
        lock (_metrics)
        {
            // Cumulative temporality: the latest snapshot holds the totals.
            var latest = _metrics.LastOrDefault(m => m.Name == instrument);
            return latest is null
                ? 0
                : latest.MetricPoints.Where(p => tags.All(t => TagsOf(p).Any(kv => kv.Key == t.Name && kv.Value?.ToString() == t.Value)))
                    .Sum(p => latest.MetricType.IsSum() ? p.GetSumLong() : p.GetHistogramCount());
        }
    }

    /// <summary>Every exported item written out in full: names, tags, events, links, status, metric dimensions, log text.</summary>
    public IReadOnlyList<string> Everything()
    {
        var lines = new List<string>();
        foreach (var span in _spans)
        {
            lines.Add(RecordedSpans.Describe(span));
        }

        lock (_metrics)
        {
            foreach (var metric in _metrics)
            {
                var text = new StringBuilder($"metric {metric.MeterName} {metric.Name} {metric.Unit} {metric.Description}");
                foreach (var point in metric.MetricPoints)
                {
                    Append(text, TagsOf(point));
                }

                lines.Add(text.ToString());
            }
        }

        lines.AddRange(_logRecords);
        return lines;
    }

    private static List<KeyValuePair<string, object?>> TagsOf(MetricPoint point)
    {
        var tags = new List<KeyValuePair<string, object?>>();
        foreach (var tag in point.Tags)
        {
            tags.Add(tag);
        }

        return tags;
    }

    private static void Append(StringBuilder text, IEnumerable<KeyValuePair<string, object?>> tags)
    {
        foreach (var (key, value) in tags)
        {
            text.Append(CultureInfo.InvariantCulture, $" {key}={value}");
        }
    }

    /// <summary>Whether exported items are kept or only counted.</summary>
    private sealed class Counting
    {
        private int _scopes;
        private long _counted;

        public long Counted => Interlocked.Read(ref _counted);

        public Scope Start()
        {
            Interlocked.Increment(ref _scopes);
            return new Scope(() => Interlocked.Decrement(ref _scopes));
        }

        /// <summary>True when the item is to be kept; counts it otherwise.</summary>
        public bool Keeps()
        {
            if (Volatile.Read(ref _scopes) == 0)
            {
                return true;
            }

            Interlocked.Increment(ref _counted);
            return false;
        }
    }

    private sealed class SpanExporter(ConcurrentQueue<Activity> spans, Counting counting) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var span in batch)
            {
                if (counting.Keeps())
                {
                    spans.Enqueue(span);
                }
            }

            return ExportResult.Success;
        }
    }

    /// <summary>Writes each record out at once: log records are pooled and reused after export.</summary>
    private sealed class LogRecordExporter(ConcurrentQueue<string> lines, Counting counting) : BaseExporter<LogRecord>
    {
        public override ExportResult Export(in Batch<LogRecord> batch)
        {
            foreach (var record in batch)
            {
                if (!counting.Keeps())
                {
                    continue;
                }

                var text = new StringBuilder($"log {record.CategoryName} {record.LogLevel} {record.EventId} {record.FormattedMessage} {record.Body} {record.Exception}");
                Append(text, record.Attributes ?? []);
                record.ForEachScope((scope, state) =>
                {
                    foreach (var item in scope)
                    {
                        state.Append(CultureInfo.InvariantCulture, $" {item.Key}={item.Value}");
                    }
                }, text);
                lines.Enqueue(text.ToString());
            }

            return ExportResult.Success;
        }
    }
}
