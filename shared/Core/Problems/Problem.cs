namespace EntryExit.Core.Problems;

/// <summary>
/// An RFC 9457 problem the API answers with: a stable <see cref="Code"/> clients switch on, and Chinese guidance
/// for the citizen in <see cref="Detail"/>.
/// </summary>
public sealed record Problem(int Status, string Code, string Title, string Detail)
{
    /// <summary>Validation messages by field (camelCase, as in the request).</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>Seconds until the client may try again (429).</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>The trace operators look the failure up by (500 <c>internal_error</c>).</summary>
    public string? TraceId { get; init; }

    public static Problem Validation(string code, string field, string title, string detail) =>
        new(400, code, title, detail) { Errors = new Dictionary<string, string[]> { [field] = [detail] } };
}
