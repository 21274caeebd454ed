using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace EntryExit.TestSupport;

/// <summary>One measurement: the instrument's name, the value and its tags.</summary>
public sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public string? Tag(string name) => Tags.TryGetValue(name, out var value) ? value?.ToString() : null;
}

/// <summary>
/// A meter factory whose meters a <see cref="MeterListener"/> reads: pass it where the app wants an
/// <see cref="IMeterFactory"/> and read back what was measured. Only this factory's meters are heard, so tests running
/// at the same time do not see each other's measurements.
/// </summary>
public sealed class RecordedMetrics : IMeterFactory
{
    private readonly ConcurrentBag<Meter> _meters = [];
    private readonly ConcurrentQueue<Measurement> _measurements = new();
    private readonly MeterListener _listener = new();

    public RecordedMetrics()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, this))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Add(i, value, tags));
        _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Add(i, value, tags));
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Add(i, value, tags));
        _listener.Start();
    }

    public IReadOnlyCollection<Measurement> Measurements => _measurements;

    /// <summary>The measurements of one instrument, in the order they were made.</summary>
    public IReadOnlyList<Measurement> Of(string instrument) => [.. _measurements.Where(m => m.Instrument == instrument)];

    /// <summary>The sum of an instrument's measurements whose tags include every one given.</summary>
    public double Sum(string instrument, params (string Name, string Value)[] tags) =>
        Of(instrument).Where(m => tags.All(t => m.Tag(t.Name) == t.Value)).Sum(m => m.Value);

    public Meter Create(MeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        _listener.Dispose();
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }

    private void Add<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct, IConvertible =>
        _measurements.Enqueue(new Measurement(
            instrument.Name,
            value.ToDouble(System.Globalization.CultureInfo.InvariantCulture),
            tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
}
