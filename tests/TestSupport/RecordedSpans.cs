using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using EntryExit.Core.Telemetry;

namespace EntryExit.TestSupport;

/// <summary>
/// Records the spans the app's traced sources (<see cref="TracedSources.Names"/>) produce under one root span that
/// the test starts, so spans of tests running in parallel in the same process are left out. Azure SDK spans appear
/// only when the test process has <see cref="TracedSources.AzureSdkSwitch"/> on (RuntimeHostConfigurationOption in
/// the test project, as in the function app's).
/// </summary>
public sealed class RecordedSpans : IDisposable
{
    private const string TestSourceName = "EntryExit.Tests";
    private static readonly ActivitySource Tests = new(TestSourceName);
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;
    private readonly Activity _root;

    public RecordedSpans()
    {
        var traced = TracedSources.Names.Select(Pattern).ToList();
        _listener = new ActivityListener
        {
            // By name: the first call may run while Tests itself is being created (and still null).
            ShouldListenTo = source => source.Name == TestSourceName || traced.Any(name => name.IsMatch(source.Name)),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span =>
            {
                if (span.Source.Name != TestSourceName && span.TraceId == _root?.TraceId)
                {
                    _spans.Enqueue(span);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
        _root = Tests.StartActivity("test", ActivityKind.Internal, parentContext: default)
            ?? throw new InvalidOperationException("The test's root span was not sampled.");
    }

    public IReadOnlyCollection<Activity> Spans => _spans;

    /// <summary>Each span written out in full: source, names, kind, status, tags, events and their tags, links.</summary>
    public IReadOnlyList<string> Everything() => [.. _spans.Select(Describe)];

    public void Dispose()
    {
        _root.Dispose();
        _listener.Dispose();
    }

    /// <summary>A span written out in full (names, status, tags, baggage, events, links), for privacy checks to search.</summary>
    public static string Describe(Activity span)
    {
        var text = new StringBuilder($"span {span.Source.Name} {span.OperationName} {span.DisplayName} {span.Kind} {span.Status} {span.StatusDescription}");
        Append(text, span.TagObjects);
        Append(text, span.Baggage.Select(b => new KeyValuePair<string, object?>(b.Key, b.Value)));
        foreach (var e in span.Events)
        {
            text.Append(CultureInfo.InvariantCulture, $" event {e.Name}");
            Append(text, e.Tags);
        }

        foreach (var link in span.Links)
        {
            Append(text, link.Tags ?? []);
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, IEnumerable<KeyValuePair<string, object?>> tags)
    {
        foreach (var (key, value) in tags)
        {
            text.Append(CultureInfo.InvariantCulture, $" {key}={value}");
        }
    }

    /// <summary>OpenTelemetry's source-name wildcard: <c>*</c> stands for any characters.</summary>
    private static Regex Pattern(string name) =>
        new("^" + Regex.Escape(name).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant);
}
