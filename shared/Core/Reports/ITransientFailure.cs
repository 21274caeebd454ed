namespace EntryExit.Core.Reports;

/// <summary>
/// Marks an exception from an adapter as "not now" (throttled, down, timed out): the stage waits and tries again
/// later without spending one of the report's attempts, so an outage of minutes or hours loses nothing.
/// </summary>
public interface ITransientFailure
{
    /// <summary>How long the other side asked us to wait, when it said.</summary>
    TimeSpan? RetryAfter { get; }
}
