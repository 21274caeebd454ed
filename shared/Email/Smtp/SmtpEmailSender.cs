using System.Globalization;
using System.Net.Sockets;
using EntryExit.Core.Reports;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace EntryExit.Email.Smtp;

/// <summary>
/// Sends through any SMTP server with MailKit: smtp4dev locally, a relay elsewhere. Each send opens its own connection,
/// so a server that was down and is back simply works on the next try. A server that cannot be reached, or answers
/// 4xx, ends the send with <see cref="EmailDeferredException"/>; a 5xx refusal with <see cref="EmailRejectedException"/>.
/// </summary>
public sealed class SmtpEmailSender(IOptions<EmailOptions> options) : IEmailSender
{
    public const string Provider = "smtp";

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        EmailMessageGuard.Validate(message, settings.SenderAddress);

        using var mime = new MimeMessage { Subject = message.Subject, MessageId = message.MessageId };
        mime.From.Add(new MailboxAddress(settings.SenderName, settings.SenderAddress));

        // A bare address, never parsed from text that could carry a display name or a second address.
        mime.To.Add(new MailboxAddress(string.Empty, message.To));
        var body = new BodyBuilder { TextBody = message.PlainText };
        body.Attachments.Add(message.AttachmentName, message.Attachment, new ContentType("application", "pdf"));
        mime.Body = body.ToMessageBody();

        var smtp = settings.Smtp;
        var server = string.Create(CultureInfo.InvariantCulture, $"{smtp.Host}:{smtp.Port}");
        using var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, smtp.UseTls ? SecureSocketOptions.Auto : SecureSocketOptions.None, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
            }

            await client.SendAsync(mime, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (SocketException e)
        {
            throw new EmailDeferredException($"The SMTP server {server} cannot be reached ({e.SocketErrorCode}); try later.", e.SocketErrorCode.ToString(), innerException: e);
        }
        // The server's reply text often repeats the recipient's address: keep it (and so the inner exception) out of
        // the error, which is logged; the status code and MailKit's error kind say enough.
        catch (SmtpCommandException e) when ((int)e.StatusCode is >= 400 and < 500)
        {
            throw new EmailDeferredException(
                string.Create(CultureInfo.InvariantCulture, $"The SMTP server {server} answered {(int)e.StatusCode} ({e.ErrorCode}); try later."),
                ((int)e.StatusCode).ToString(CultureInfo.InvariantCulture));
        }
        catch (SmtpCommandException e)
        {
            throw new EmailRejectedException(
                string.Create(CultureInfo.InvariantCulture, $"The SMTP server {server} refused the message: {(int)e.StatusCode} ({e.ErrorCode})."),
                ((int)e.StatusCode).ToString(CultureInfo.InvariantCulture));
        }
        catch (AuthenticationException e)
        {
            throw new EmailRejectedException($"The SMTP server {server} refused the credentials in Email:Smtp.", "AuthenticationFailed", innerException: e);
        }
        catch (Exception e) when (e is SmtpProtocolException or ServiceNotConnectedException or IOException)
        {
            throw new EmailDeferredException($"The SMTP conversation with {server} broke off ({e.GetType().Name}); try later.", "ConnectionLost", innerException: e);
        }
    }
}
