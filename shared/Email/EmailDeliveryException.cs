namespace EntryExit.Email;

/// <summary>
/// A send that did not happen. <see cref="IsTransient"/> tells whether trying again later can help: the email stage
/// lets the queue retry every failure, and these types say in the log which kind it was.
/// </summary>
public abstract class EmailDeliveryException : Exception
{
    protected EmailDeliveryException(string message, string? errorCode, Exception? innerException)
        : base(message, innerException) => ErrorCode = errorCode;

    /// <summary>True when the same send may succeed later (throttling, outage, timeout).</summary>
    public abstract bool IsTransient { get; }

    /// <summary>The service's error code (e.g. ACS's <c>x-ms-error-code</c>, an SMTP status), or our own.</summary>
    public string? ErrorCode { get; }
}

/// <summary>Not now: the server is throttling, down or slow. Retry later; nothing was refused.</summary>
public sealed class EmailDeferredException : EmailDeliveryException, Core.Reports.ITransientFailure
{
    public EmailDeferredException(string message, string? errorCode = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, errorCode, innerException) => RetryAfter = retryAfter;

    public override bool IsTransient => true;

    /// <summary>How long the server asked us to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; }
}

/// <summary>Refused: the message, its recipient or our request is not acceptable. Retrying the same message will not help.</summary>
public sealed class EmailRejectedException : EmailDeliveryException
{
    public EmailRejectedException(string message, string? errorCode = null, Exception? innerException = null)
        : base(message, errorCode, innerException)
    {
    }

    public override bool IsTransient => false;
}
