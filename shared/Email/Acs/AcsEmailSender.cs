using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using EntryExit.Core.Reports;
using Microsoft.Extensions.Options;

namespace EntryExit.Email.Acs;

/// <summary>
/// Azure Communication Services Email over its REST API (the SDK is not served here), with Azure.Core and a
/// <see cref="TokenCredential"/>: <c>POST {endpoint}/emails:send</c>, then polls the operation until it succeeds.
/// </summary>
/// <remarks>
/// <para>Every send of the same <see cref="EmailMessage.MessageId"/> carries the same <c>Operation-Id</c>
/// (<see cref="OperationIds"/>). Whether the service drops a repeated id is not documented: exactly-once stays with
/// the report's own state (<see cref="ReportMailer"/>).</para>
/// <para>Throttling (429) and server errors (5xx) mean "later", never "failed": short <c>Retry-After</c> values are
/// waited for by Azure.Core's retry policy; what remains ends the send with <see cref="EmailDeferredException"/> and
/// the queue comes back. A message the service refuses, or an operation that ends <c>Failed</c> or
/// <c>Canceled</c>, ends with <see cref="EmailRejectedException"/>. Exception messages never contain the recipient.</para>
/// </remarks>
public sealed class AcsEmailSender : IEmailSender
{
    public const string Provider = "acs";

    /// <summary>The token scope, with the double slash the SDK sends.</summary>
    public const string Scope = "https://communication.azure.com//.default";

    public const string ApiVersion = "2025-09-01";

    /// <summary>The service's limit for the whole request, attachments included (≈ 7.5 MB of file after base64).</summary>
    public const int MaxRequestBytes = 10_000_000;

    private static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MinPollInterval = TimeSpan.FromSeconds(1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpPipeline _pipeline;
    private readonly EmailOptions _options;
    private readonly string _endpoint;
    private readonly TimeProvider _time;

    public AcsEmailSender(IOptions<EmailOptions> options, TokenCredential credential, TimeProvider? timeProvider = null, HttpPipelineTransport? transport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var endpoint = _options.Acs.Endpoint ?? throw new InvalidOperationException("Setting Email:Acs:Endpoint is required by the acs email provider.");
        if (!endpoint.IsAbsoluteUri || endpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException("Setting Email:Acs:Endpoint must be an absolute https URI.");
        }

        _endpoint = endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');
        _time = timeProvider ?? TimeProvider.System;
        var clientOptions = new AcsClientOptions
        {
            RetryPolicy = new AcsRetryPolicy(_options.Acs.MaxRetries, _options.Acs.RetryDelay, _options.Acs.MaxInlineRetryAfter, _time),
        };
        foreach (var header in (string[])["Operation-Id", "Operation-Location", "Retry-After", "x-ms-error-code", "x-ms-request-id"])
        {
            clientOptions.Diagnostics.LoggedHeaderNames.Add(header);
        }

        if (transport is not null)
        {
            clientOptions.Transport = transport;
        }

        _pipeline = HttpPipelineBuilder.Build(clientOptions, new BearerTokenAuthenticationPolicy(credential, Scope));
    }

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        EmailMessageGuard.Validate(message, _options.SenderAddress);
        var body = Serialize(message);
        var operationId = OperationIds.FromMessageId(message.MessageId).ToString("D");

        var accepted = await StartAsync(body, operationId, cancellationToken).ConfigureAwait(false);
        await WaitForCompletionAsync(accepted, cancellationToken).ConfigureAwait(false);
    }

    private byte[] Serialize(EmailMessage message)
    {
        // Base64 grows the file by 4/3: refuse early, before building a body the service would refuse anyway.
        var base64Length = (message.Attachment.LongLength + 2) / 3 * 4;
        if (base64Length > MaxRequestBytes)
        {
            throw TooLarge(base64Length);
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(
            new SendRequest(
                _options.SenderAddress,
                new Recipients([new EmailAddress(message.To)]),
                new Content(message.Subject, message.PlainText),
                [new Attachment(message.AttachmentName, "application/pdf", message.Attachment)],
                UserEngagementTrackingDisabled: true),
            Json);
        return body.Length > MaxRequestBytes ? throw TooLarge(body.Length) : body;
    }

    private static EmailRejectedException TooLarge(long bytes) => new(
        string.Create(CultureInfo.InvariantCulture, $"The email is too large for Azure Communication Services: {bytes:N0} bytes of request (attachment in base64 included), the limit is {MaxRequestBytes:N0}."),
        "RequestTooLarge");

    private async Task<Accepted> StartAsync(byte[] body, string operationId, CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = RequestMethod.Post;
        request.Uri.Reset(new Uri($"{_endpoint}/emails:send?api-version={ApiVersion}"));
        request.Headers.Add("Content-Type", "application/json");
        request.Headers.Add("Accept", "application/json");
        request.Headers.Add("Operation-Id", operationId);
        request.Content = RequestContent.Create(body);
        await SendThroughPipelineAsync(message, "send", cancellationToken).ConfigureAwait(false);

        var response = message.Response;
        if (response.Status is < 200 or >= 300)
        {
            throw Unsuccessful(response, "send");
        }

        var status = TryRead<OperationStatus>(response);
        var id = string.IsNullOrEmpty(status?.Id) ? operationId : status.Id;
        return new Accepted(id, PollUri(response, id), status?.Status, PollDelay(response));
    }

    private async Task WaitForCompletionAsync(Accepted accepted, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var status = accepted.Status;
        string? errorCode = null;
        var wait = accepted.FirstWait;
        string? lastProblem = null;
        while (true)
        {
            if (string.Equals(status, "Succeeded", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            if (string.Equals(status, "Failed", StringComparison.OrdinalIgnoreCase) || string.Equals(status, "Canceled", StringComparison.OrdinalIgnoreCase))
            {
                errorCode ??= "unknown";
                throw new EmailRejectedException($"Azure Communication Services could not send the email: operation {accepted.Id} ended {status} with error code {errorCode}.", errorCode);
            }

            var remaining = _options.Acs.PollingTimeout - _time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                throw new EmailDeferredException(
                    string.Create(CultureInfo.InvariantCulture, $"Azure Communication Services operation {accepted.Id} was still {status ?? "unknown"} after {_options.Acs.PollingTimeout.TotalSeconds:0} s{(lastProblem is null ? "" : $" (last poll: {lastProblem})")}; a retry sends the same Operation-Id."),
                    "PollingTimedOut");
            }

            await Task.Delay(wait < remaining ? wait : remaining, _time, cancellationToken).ConfigureAwait(false);

            using var message = _pipeline.CreateMessage();
            message.Request.Method = RequestMethod.Get;
            message.Request.Uri.Reset(accepted.PollUri);
            message.Request.Headers.Add("Accept", "application/json");
            try
            {
                await SendThroughPipelineAsync(message, "status poll", cancellationToken).ConfigureAwait(false);
            }
            catch (EmailDeferredException e)
            {
                // The email was accepted; not seeing its status for a while is no reason to give up before the deadline.
                lastProblem = e.ErrorCode;
                wait = DefaultPollInterval;
                continue;
            }

            var response = message.Response;
            if (IsTransient(response.Status))
            {
                lastProblem = ErrorCode(response) ?? response.Status.ToString(CultureInfo.InvariantCulture);
                wait = PollDelay(response);
                continue;
            }

            if (response.Status != 200)
            {
                throw Unsuccessful(response, "status poll");
            }

            var polled = TryRead<OperationStatus>(response)
                ?? throw new EmailDeferredException($"Azure Communication Services answered the status poll of operation {accepted.Id} without a status.", "InvalidStatusResponse");
            status = polled.Status;
            errorCode = polled.Error?.Code ?? ErrorCode(response);
            lastProblem = null;
            wait = PollDelay(response);
        }
    }

    private async Task SendThroughPipelineAsync(HttpMessage message, string what, CancellationToken cancellationToken)
    {
        try
        {
            await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 0)
        {
            throw new EmailDeferredException($"Azure Communication Services could not be reached for the {what}: {e.Message}", "Unreachable", innerException: e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EmailDeferredException($"Azure Communication Services did not answer the {what} in time.", "NetworkTimeout", innerException: e);
        }
    }

    private static bool IsTransient(int status) => status is 408 or 429 or >= 500;

    private Exception Unsuccessful(Response response, string what)
    {
        var code = ErrorCode(response);
        var text = string.Create(CultureInfo.InvariantCulture, $"Azure Communication Services answered the {what} with HTTP {response.Status}{(code is null ? "" : $" ({code})")}");
        if (IsTransient(response.Status))
        {
            var retryAfter = RetryAfter.Read(response, _time);
            return new EmailDeferredException(
                text + (retryAfter is { } r ? string.Create(CultureInfo.InvariantCulture, $" and asks to retry after {r.TotalSeconds:0.#} s; try later.") : "; try later."),
                code ?? response.Status.ToString(CultureInfo.InvariantCulture),
                retryAfter);
        }

        return new EmailRejectedException(text + ".", code ?? response.Status.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The service's error code: the <c>x-ms-error-code</c> header, else <c>error.code</c> in the body.</summary>
    private static string? ErrorCode(Response response) =>
        response.Headers.TryGetValue("x-ms-error-code", out var header) && !string.IsNullOrWhiteSpace(header)
            ? header
            : TryRead<ErrorResponse>(response)?.Error?.Code;

    private static T? TryRead<T>(Response response)
        where T : class
    {
        var content = response.Content;
        if (content is null || content.ToMemory().IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(content.ToMemory().Span, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Where to poll: <c>Operation-Location</c> when it points at the configured endpoint (the bearer token goes nowhere
    /// else), otherwise <c>{endpoint}/emails/operations/{id}</c>.
    /// </summary>
    private Uri PollUri(Response response, string id)
    {
        var fallback = new Uri($"{_endpoint}/emails/operations/{Uri.EscapeDataString(id)}?api-version={ApiVersion}");
        return response.Headers.TryGetValue("Operation-Location", out var location)
            && Uri.TryCreate(location, UriKind.Absolute, out var uri)
            && Uri.Compare(uri, fallback, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
            ? uri
            : fallback;
    }

    private TimeSpan PollDelay(Response response) => RetryAfter.Read(response, _time) switch
    {
        null => DefaultPollInterval,
        var d when d < MinPollInterval => MinPollInterval,
        var d => d.Value,
    };

    private sealed class AcsClientOptions : ClientOptions;

    private sealed record Accepted(string Id, Uri PollUri, string? Status, TimeSpan FirstWait);

    private sealed record SendRequest(string SenderAddress, Recipients Recipients, Content Content, IReadOnlyList<Attachment> Attachments, bool UserEngagementTrackingDisabled);

    private sealed record Recipients(IReadOnlyList<EmailAddress> To);

    private sealed record EmailAddress(string Address);

    private sealed record Content(string Subject, string PlainText);

    // byte[] is written as base64 by System.Text.Json.
    private sealed record Attachment(string Name, string ContentType, byte[] ContentInBase64);

    private sealed record OperationStatus(string? Id, string? Status, ErrorDetail? Error);

    private sealed record ErrorResponse(ErrorDetail? Error);

    private sealed record ErrorDetail(string? Code, string? Message);
}
