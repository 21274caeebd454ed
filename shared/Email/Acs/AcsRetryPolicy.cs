using System.Globalization;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace EntryExit.Email.Acs;

/// <summary>
/// Azure.Core's retry policy (408, 429, 5xx and network errors, exponential back-off, <c>Retry-After</c> honoured),
/// except that it does not wait inline when the service asks for longer than <paramref name="maxInlineRetryAfter"/>:
/// that answer goes back to the sender, which defers the send to the queue instead of holding the function. The
/// waits themselves are Azure.Core's (its wait is not overridable), so they take real time.
/// </summary>
internal sealed class AcsRetryPolicy(int maxRetries, TimeSpan initialDelay, TimeSpan maxInlineRetryAfter, TimeProvider time)
    : RetryPolicy(maxRetries, DelayStrategy.CreateExponentialDelayStrategy(initialDelay, maxInlineRetryAfter))
{
    protected override bool ShouldRetry(HttpMessage message, Exception? exception) =>
        base.ShouldRetry(message, exception) && !AsksTooMuch(message);

    protected override async ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception) =>
        await base.ShouldRetryAsync(message, exception).ConfigureAwait(false) && !AsksTooMuch(message);

    private bool AsksTooMuch(HttpMessage message) =>
        message.HasResponse && RetryAfter.Read(message.Response, time) is { } wait && wait > maxInlineRetryAfter;
}

/// <summary>Reads how long the service asks us to wait: <c>retry-after-ms</c>, <c>x-ms-retry-after-ms</c>, or <c>Retry-After</c> (seconds or an HTTP date).</summary>
internal static class RetryAfter
{
    public static TimeSpan? Read(Response response, TimeProvider time)
    {
        foreach (var name in (string[])["retry-after-ms", "x-ms-retry-after-ms"])
        {
            if (response.Headers.TryGetValue(name, out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
            {
                return TimeSpan.FromMilliseconds(milliseconds);
            }
        }

        if (!response.Headers.TryGetValue("Retry-After", out var value) || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? (at > time.GetUtcNow() ? at - time.GetUtcNow() : TimeSpan.Zero)
            : null;
    }
}
