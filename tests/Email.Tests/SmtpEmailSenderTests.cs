using EntryExit.Email.Smtp;
using EntryExit.TestSupport;
using Microsoft.Extensions.Options;
using MimeKit;

namespace EntryExit.Email.Tests;

[CollectionDefinition(Name)]
public sealed class MailCollection : ICollectionFixture<Smtp4devFixture>
{
    public const string Name = "mail";
}

[Collection(MailCollection.Name)]
public sealed class SmtpEmailSenderTests(Smtp4devFixture smtp)
{
    private static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_report_arrives_with_its_chinese_subject_the_pdf_intact_and_the_stable_message_id()
    {
        var recipient = $"citizen-{Guid.NewGuid():N}@example.test";
        var pdf = Samples.Pdf();

        await Sender(smtp.SmtpPort).SendAsync(Samples.Message(to: recipient, pdf: pdf), CancellationToken.None);

        var summary = await smtp.WaitForMessageAsync(m => m.To.Contains(recipient), ArrivalTimeout);
        summary.Subject.Should().Be(Samples.Subject);
        summary.AttachmentCount.Should().Be(1);

        using var received = await smtp.GetMimeMessageAsync(summary.Id);
        received.MessageId.Should().Be("E261126916913@entry-exit");
        received.Subject.Should().Be(Samples.Subject);
        received.TextBody.Should().NotBeNull().And.Contain("出入境记录查询结果（电子文件）已生成");
        var from = received.From.Mailboxes.Should().ContainSingle().Subject;
        from.Name.Should().Be("国家移民管理局");
        from.Address.Should().Be(Samples.Sender);
        var to = received.To.Mailboxes.Should().ContainSingle().Subject;
        to.Name.Should().BeNullOrEmpty();
        to.Address.Should().Be(recipient);
        received.Cc.Count.Should().Be(0);
        received.Bcc.Count.Should().Be(0);

        var attachment = received.Attachments.OfType<MimePart>().Should().ContainSingle().Subject;
        attachment.FileName.Should().Be("E261126916913.pdf");
        attachment.ContentType.MimeType.Should().Be("application/pdf");
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        content.ToArray().Should().Equal(pdf);
    }

    [Fact]
    public async Task Smtp_down_then_back_the_same_sender_throws_a_clear_retryable_error_then_delivers()
    {
        // The queue retries a failed send later (ReportMailer); this shows the sender's side of "down for a minute and
        // back → delivered": while nothing listens it fails fast with a retryable error naming the server, and the next
        // call after the server is back delivers — no broken connection or other state is kept between sends.
        var port = TcpForwarder.ReserveClosedPort();
        var sender = Sender(port);
        var recipient = $"citizen-{Guid.NewGuid():N}@example.test";
        var message = Samples.Message(to: recipient);

        var whileDown = () => sender.SendAsync(message, CancellationToken.None);
        var error = (await whileDown.Should().ThrowAsync<EmailDeferredException>()).Which;
        error.IsTransient.Should().BeTrue();
        error.Message.Should().Contain($"127.0.0.1:{port}").And.Contain("cannot be reached").And.NotContain(recipient);
        error.ErrorCode.Should().Be("ConnectionRefused");

        await using (TcpForwarder.Start(port, smtp.SmtpPort))
        {
            await sender.SendAsync(message, CancellationToken.None);
        }

        var summary = await smtp.WaitForMessageAsync(m => m.To.Contains(recipient), ArrivalTimeout);
        summary.Subject.Should().Be(Samples.Subject);
        (await smtp.GetMessagesAsync()).Count(m => m.To.Contains(recipient)).Should().Be(1, "the failed attempt sent nothing");
    }

    [Fact]
    public async Task A_connection_lost_after_the_server_took_the_message_is_a_send_not_a_failure()
    {
        // Had the sender reported this as "try later", the email stage would send the e-file a second time.
        await using var proxy = new HangUpOnQuitProxy(smtp.SmtpPort);
        var recipient = $"citizen-{Guid.NewGuid():N}@example.test";

        await Sender(proxy.Port).SendAsync(Samples.Message(to: recipient), CancellationToken.None);

        proxy.HungUp.Should().Be(1, "the connection was cut at QUIT");
        await smtp.WaitForMessageAsync(m => m.To.Contains(recipient), ArrivalTimeout);
        (await smtp.GetMessagesAsync()).Count(m => m.To.Contains(recipient)).Should().Be(1);
    }

    [Fact]
    public async Task A_server_that_is_busy_defers_the_send()
    {
        await using var server = new ScriptedSmtpServer("421 4.3.2 Service not available, closing channel", "250 2.1.5 OK");

        var send = () => Sender(server.Port).SendAsync(Samples.Message(), CancellationToken.None);

        var error = (await send.Should().ThrowAsync<EmailDeferredException>()).Which;
        error.IsTransient.Should().BeTrue();
        error.ErrorCode.Should().Be("421");
    }

    [Fact]
    public async Task A_recipient_the_server_refuses_is_rejected_without_repeating_the_servers_text()
    {
        var recipient = $"citizen-{Guid.NewGuid():N}@example.test";
        await using var server = new ScriptedSmtpServer("220 scripted.example.test ESMTP", $"550 5.1.1 <{recipient}>: Recipient address rejected");

        var send = () => Sender(server.Port).SendAsync(Samples.Message(to: recipient), CancellationToken.None);

        var error = (await send.Should().ThrowAsync<EmailRejectedException>()).Which;
        error.ErrorCode.Should().Be("550");
        error.ToString().Should().NotContain(recipient, "the error is logged and the address is personal data");
    }

    [Theory]
    [MemberData(nameof(Samples.HostileRecipients), MemberType = typeof(Samples))]
    public async Task A_recipient_that_could_inject_headers_is_rejected_before_connecting(string recipient)
    {
        // Nothing listens on this port: a rejection (not "cannot be reached") shows the sender never tried to connect.
        var sender = Sender(TcpForwarder.ReserveClosedPort());

        var send = () => sender.SendAsync(Samples.Message(to: recipient), CancellationToken.None);

        var error = (await send.Should().ThrowAsync<EmailRejectedException>()).Which;
        error.ErrorCode.Should().Be("InvalidRecipient");
        error.IsTransient.Should().BeFalse();
    }

    [Fact]
    public async Task A_subject_with_a_line_break_is_rejected_before_connecting()
    {
        var send = () => Sender(TcpForwarder.ReserveClosedPort()).SendAsync(Samples.Message(subject: "出入境记录\r\nBcc: thief@example.test"), CancellationToken.None);

        (await send.Should().ThrowAsync<EmailRejectedException>()).Which.ErrorCode.Should().Be("InvalidSubject");
    }

    private static SmtpEmailSender Sender(int port) => new(Options.Create(new EmailOptions
    {
        SenderAddress = Samples.Sender,
        Smtp = { Host = "127.0.0.1", Port = port },
    }));
}
