namespace EntryExit.Core.Problems;

/// <summary>
/// Why a request cannot be served, as a domain outcome: a stable <see cref="Code"/> clients switch on, and Chinese
/// guidance for the citizen in <see cref="Detail"/>. Which HTTP status and title a code answers with is the API's
/// business (<c>functions/Http/ProblemStatuses</c>), not Core's.
/// </summary>
public sealed record Problem(string Code, string Detail)
{
    /// <summary>Validation messages by field (camelCase, as in the request).</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>Seconds until the client may try again (a lock, the daily quota, an unavailable service).</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>The trace operators look the failure up by (<c>internal_error</c>).</summary>
    public string? TraceId { get; init; }

    public static Problem Validation(string code, string field, string detail) =>
        new(code, detail) { Errors = new Dictionary<string, string[]> { [field] = [detail] } };
}
