using EntryExit.TestSupport;
using System.Diagnostics;
using System.Text;
using Azure.Core.Pipeline;
using EntryExit.Email.Acs;
using Microsoft.Extensions.Options;

namespace EntryExit.Email.Tests;

public sealed class AcsEmailSenderTests : IAsyncLifetime
{
    // UUIDv5(OperationIds.Namespace, "E261126916913@entry-exit"), computed independently with Python's uuid.uuid5.
    private const string ExpectedOperationId = "c56d2551-49a7-5483-a888-bd4ab48d9288";

    private readonly AutoAdvancingTimeProvider _time = new();
    private readonly RecordingCredential _credential = new("acs-test-token");
    private FakeAcsService _acs = null!;

    public async Task InitializeAsync() => _acs = await FakeAcsService.StartAsync();

    public async Task DisposeAsync() => await _acs.DisposeAsync();

    [Fact]
    public async Task Sends_the_report_with_a_bearer_token_and_polls_until_it_succeeded()
    {
        _acs.AcceptedRetryAfterSeconds = 20;
        _acs.PollAnswers.Enqueue(Answer.Status("Running", retryAfterSeconds: 3));
        var pdf = Samples.Pdf();

        await Sender().SendAsync(Samples.Message(pdf: pdf), CancellationToken.None);

        var send = _acs.Sends.Should().ContainSingle().Subject;
        send.Path.Should().Be("/emails:send");
        send.Query.Should().Equal(new Dictionary<string, string> { ["api-version"] = "2025-09-01" });
        send.Header("Authorization").Should().Be("Bearer acs-test-token");
        send.Header("Content-Type").Should().StartWith("application/json");
        send.Header("Operation-Id").Should().Be(ExpectedOperationId);
        _credential.RequestedScopes.Should().NotBeEmpty()
            .And.AllSatisfy(scopes => scopes.Should().Equal("https://communication.azure.com//.default"));

        var json = send.Json;
        json.GetProperty("senderAddress").GetString().Should().Be(Samples.Sender);
        var to = json.GetProperty("recipients").GetProperty("to").EnumerateArray().Should().ContainSingle().Subject;
        to.GetProperty("address").GetString().Should().Be("citizen@example.test");
        to.TryGetProperty("displayName", out _).Should().BeFalse();
        json.GetProperty("recipients").TryGetProperty("cc", out _).Should().BeFalse();
        json.GetProperty("recipients").TryGetProperty("bcc", out _).Should().BeFalse();
        json.GetProperty("content").GetProperty("subject").GetString().Should().Be(Samples.Subject);
        json.GetProperty("content").GetProperty("plainText").GetString().Should().Be(Samples.Text);
        var attachment = json.GetProperty("attachments").EnumerateArray().Should().ContainSingle().Subject;
        attachment.GetProperty("name").GetString().Should().Be("E261126916913.pdf");
        attachment.GetProperty("contentType").GetString().Should().Be("application/pdf");
        Convert.FromBase64String(attachment.GetProperty("contentInBase64").GetString()!).Should().Equal(pdf);
        json.GetProperty("userEngagementTrackingDisabled").GetBoolean().Should().BeTrue();

        // Two polls (Running, then Succeeded), each after the wait the previous answer asked for.
        _acs.Polls.Should().HaveCount(2).And.AllSatisfy(poll =>
        {
            poll.Path.Should().Be($"/emails/operations/{ExpectedOperationId}");
            poll.Query.Should().Equal(new Dictionary<string, string> { ["api-version"] = "2025-09-01" });
            poll.Header("Authorization").Should().Be("Bearer acs-test-token");
        });
        _time.Waits.Should().Equal(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task The_same_report_always_sends_the_same_operation_id_and_another_report_another()
    {
        var sender = Sender();
        await sender.SendAsync(Samples.Message(), CancellationToken.None);
        await sender.SendAsync(Samples.Message(), CancellationToken.None);
        await Sender().SendAsync(Samples.Message(), CancellationToken.None);
        await sender.SendAsync(Samples.Message(messageId: "E261126000001@entry-exit"), CancellationToken.None);

        var ids = _acs.Sends.Select(s => s.Header("Operation-Id")).ToList();
        ids.Take(3).Should().AllBe(ExpectedOperationId);
        ids[3].Should().NotBe(ExpectedOperationId).And.Be(OperationIds.FromMessageId("E261126000001@entry-exit").ToString());
    }

    [Theory]
    [InlineData("Failed", "EmailDroppedAllRecipientsSuppressed")]
    [InlineData("Canceled", "OperationCanceled")]
    public async Task An_operation_that_ends_failed_or_canceled_throws_with_the_service_error_code(string status, string code)
    {
        _acs.PollAnswers.Enqueue(Answer.Status("Running"));
        _acs.PollAnswers.Enqueue(Answer.Status(status, errorCode: code));

        var send = () => Sender().SendAsync(Samples.Message(), CancellationToken.None);

        var error = (await send.Should().ThrowAsync<EmailRejectedException>()).Which;
        error.ErrorCode.Should().Be(code);
        error.IsTransient.Should().BeFalse();
        error.Message.Should().Contain(status).And.Contain(code).And.Contain(ExpectedOperationId).And.NotContain("citizen@example.test");
        _acs.Polls.Should().HaveCount(2);
    }

    [Fact]
    public async Task Throttled_with_a_short_retry_after_is_retried_by_the_pipeline_and_succeeds()
    {
        _acs.SendAnswers.Enqueue(Answer.Error(429, "TooManyRequests", retryAfterSeconds: 1));

        await Sender().SendAsync(Samples.Message(), CancellationToken.None);

        var sends = _acs.Sends.ToList();
        sends.Should().HaveCount(2);
        sends.Select(s => s.Header("Operation-Id")).Should().AllBe(ExpectedOperationId);
        sends[1].Body.Should().Be(sends[0].Body);
        _acs.Polls.Should().ContainSingle();
    }

    [Fact]
    public async Task Throttled_with_a_long_retry_after_is_deferred_at_once_not_failed()
    {
        _acs.SendAnswers.Enqueue(Answer.Error(429, "TooManyRequests", retryAfterSeconds: 3600));

        var send = () => Sender().SendAsync(Samples.Message(), CancellationToken.None);

        var error = (await send.Should().ThrowAsync<EmailDeferredException>()).Which;
        error.IsTransient.Should().BeTrue();
        error.ErrorCode.Should().Be("TooManyRequests");
        error.RetryAfter.Should().Be(TimeSpan.FromHours(1));
        _acs.Sends.Should().ContainSingle("the sender does not hold the function for an hour");
        _acs.Polls.Should().BeEmpty();
    }

    [Fact]
    public async Task A_service_that_stays_unavailable_is_deferred_after_the_pipeline_retries_not_failed()
    {
        for (var i = 0; i < 10; i++)
        {
            _acs.SendAnswers.Enqueue(Answer.Error(503, "ServiceUnavailable"));
        }

        var send = () => Sender(o => { o.MaxRetries = 2; o.RetryDelay = TimeSpan.FromMilliseconds(5); }).SendAsync(Samples.Message(), CancellationToken.None);

        var error = (await send.Should().ThrowAsync<EmailDeferredException>()).Which;
        error.IsTransient.Should().BeTrue();
        error.ErrorCode.Should().Be("ServiceUnavailable");
        error.Message.Should().Contain("503").And.Contain("try later");
        _acs.Sends.Should().HaveCount(3).And.AllSatisfy(s => s.Header("Operation-Id").Should().Be(ExpectedOperationId));
        _acs.Polls.Should().BeEmpty();
    }

    [Fact]
    public async Task A_request_the_service_refuses_is_rejected_without_retrying()
    {
        _acs.SendAnswers.Enqueue(Answer.Error(400, "InvalidSenderAddress"));

        var send = () => Sender().SendAsync(Samples.Message(), CancellationToken.None);

        var error = (await send.Should().ThrowAsync<EmailRejectedException>()).Which;
        error.ErrorCode.Should().Be("InvalidSenderAddress");
        error.Message.Should().Contain("400");
        _acs.Sends.Should().ContainSingle();
    }

    [Fact]
    public async Task A_status_poll_that_fails_for_a_while_is_polled_again_until_the_operation_succeeds()
    {
        _acs.PollAnswers.Enqueue(Answer.Error(503, "ServiceUnavailable", retryAfterSeconds: 4));
        _acs.PollAnswers.Enqueue(Answer.Status("Running", retryAfterSeconds: 2));

        await Sender(o => o.MaxRetries = 0).SendAsync(Samples.Message(), CancellationToken.None);

        _acs.Polls.Should().HaveCount(3);
        _time.Waits.Should().Equal(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Polling_gives_up_for_later_after_the_cap_and_says_the_retry_reuses_the_operation_id()
    {
        _acs.AcceptedRetryAfterSeconds = 20;
        _acs.AfterLastPoll = Answer.Status("Running", retryAfterSeconds: 20);

        var send = () => Sender().SendAsync(Samples.Message(), CancellationToken.None);

        var error = (await send.Should().ThrowAsync<EmailDeferredException>()).Which;
        error.ErrorCode.Should().Be("PollingTimedOut");
        error.Message.Should().Contain(ExpectedOperationId).And.Contain("Running").And.Contain("same Operation-Id");
        _time.Elapsed.Should().Be(TimeSpan.FromMinutes(2));
        _acs.Polls.Should().HaveCount(6);
    }

    [Fact]
    public async Task Polls_only_the_configured_endpoint_whatever_operation_location_says()
    {
        _acs.OperationLocationOverride = "https://attacker.example.test/emails/operations/x?api-version=2025-09-01";

        await Sender().SendAsync(Samples.Message(), CancellationToken.None);

        _acs.Polls.Should().ContainSingle().Which.Path.Should().Be($"/emails/operations/{ExpectedOperationId}");
    }

    [Fact]
    public async Task A_too_large_attachment_is_refused_before_calling_the_service()
    {
        var send = () => Sender().SendAsync(Samples.Message(pdf: new byte[7_600_000]), CancellationToken.None);

        var error = (await send.Should().ThrowAsync<EmailRejectedException>()).Which;
        error.ErrorCode.Should().Be("RequestTooLarge");
        error.IsTransient.Should().BeFalse();
        error.Message.Should().Contain("10,000,000");
        _acs.Requests.Should().BeEmpty();
        _credential.RequestedScopes.Should().BeEmpty();
    }

    [Fact]
    public async Task An_attachment_just_under_the_limit_is_sent_whole()
    {
        // 7,400,000 bytes → 9,866,668 characters of base64; the whole request stays under 10,000,000 bytes.
        var pdf = Samples.Pdf(7_400_000);

        await Sender().SendAsync(Samples.Message(pdf: pdf), CancellationToken.None);

        var send = _acs.Sends.Should().ContainSingle().Subject;
        Encoding.UTF8.GetByteCount(send.Body).Should().BeLessThanOrEqualTo(AcsEmailSender.MaxRequestBytes);
        var base64 = send.Json.GetProperty("attachments")[0].GetProperty("contentInBase64").GetString()!;
        Convert.FromBase64String(base64).Should().Equal(pdf);
    }

    [Theory]
    [MemberData(nameof(Samples.HostileRecipients), MemberType = typeof(Samples))]
    public async Task A_recipient_that_could_inject_headers_is_rejected_before_calling_the_service(string recipient)
    {
        var send = () => Sender().SendAsync(Samples.Message(to: recipient), CancellationToken.None);

        var error = (await send.Should().ThrowAsync<EmailRejectedException>()).Which;
        error.ErrorCode.Should().Be("InvalidRecipient");
        if (recipient.Length > 0)
        {
            error.Message.Should().NotContain(recipient, "the address is personal data and exception messages end up in logs");
        }

        _acs.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData("出入境记录\r\nBcc: thief@example.test")]
    [InlineData("subject\n")]
    public async Task A_subject_with_a_line_break_is_rejected(string subject)
    {
        var send = () => Sender().SendAsync(Samples.Message(subject: subject), CancellationToken.None);

        (await send.Should().ThrowAsync<EmailRejectedException>()).Which.ErrorCode.Should().Be("InvalidSubject");
        _acs.Requests.Should().BeEmpty();
    }

    [Fact]
    public void Needs_an_https_endpoint()
    {
        var noEndpoint = () => new AcsEmailSender(Options.Create(new EmailOptions { SenderAddress = Samples.Sender }), _credential, _time);
        noEndpoint.Should().Throw<InvalidOperationException>().WithMessage("*Email:Acs:Endpoint*");

        var plainHttp = () => new AcsEmailSender(
            Options.Create(new EmailOptions { SenderAddress = Samples.Sender, Acs = { Endpoint = new Uri("http://127.0.0.1:8080") } }), _credential, _time);
        plainHttp.Should().Throw<InvalidOperationException>().WithMessage("*https*");
    }

    [Fact]
    public async Task The_send_and_each_poll_are_client_spans_naming_the_host_and_no_span_carries_the_recipient_or_the_attachment()
    {
        _acs.PollAnswers.Enqueue(Answer.Status("Running", retryAfterSeconds: 1));
        var pdf = Samples.Pdf();
        using var recorded = new RecordedSpans();

        await Sender().SendAsync(Samples.Message(pdf: pdf), CancellationToken.None);

        var everything = string.Join('\n', recorded.Everything());
        foreach (var source in new[] { "System.Net.Http", "Azure.Core.Http" })
        {
            recorded.Spans.Where(s => s.Source.Name == source && s.Kind == ActivityKind.Client).Should()
                .HaveCount(3, $"the send and two polls each make a {source} client span:\n{everything}")
                .And.OnlyContain(s => (string?)s.GetTagItem("server.address") == _acs.Endpoint.Host, everything);
        }

        foreach (var secret in new[] { "citizen@example.test", "citizen", Convert.ToBase64String(pdf)[..64], Samples.Subject, Samples.Text[..10], "acs-test-token" })
        {
            everything.Should().NotContain(secret);
        }
    }

    private AcsEmailSender Sender(Action<AcsOptions>? configure = null)
    {
        var options = new EmailOptions { Provider = "acs", SenderAddress = Samples.Sender, Acs = { Endpoint = _acs.Endpoint } };
        configure?.Invoke(options.Acs);
        return new AcsEmailSender(Options.Create(options), _credential, _time, new HttpClientTransport(_acs.CreateTrustingHandler()));
    }
}
