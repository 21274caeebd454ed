using System.Collections.Concurrent;

namespace EntryExit.DevHost.Tests.Support;

/// <summary>What the sample functions saw, registered as a singleton so tests can read it from outside the host.</summary>
public sealed class SampleRecorder
{
    private readonly ConcurrentQueue<Recorded> _calls = new();

    /// <summary>Held by <c>SlowQueueFunction</c> until the test releases it.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Record(string function, object? data = null) => _calls.Enqueue(new Recorded(function, data));

    public IReadOnlyList<Recorded> Of(string function) => [.. _calls.Where(c => c.Function == function)];

    /// <summary>The first call of the function, or null while there is none (for polling).</summary>
    public Recorded? FirstOf(string function) => _calls.FirstOrDefault(c => c.Function == function);

    public sealed record Recorded(string Function, object? Data);
}
