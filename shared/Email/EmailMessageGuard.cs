using EntryExit.Core.Reports;

namespace EntryExit.Email;

/// <summary>
/// The senders' own check before anything leaves the process: every value that ends up in a mail header must be a
/// single plain token. Core already validates the citizen's address when the report is requested; this is the second
/// line against header injection (CR/LF, a display name such as <c>"x" &lt;a@b&gt;</c>, a second address). It rejects
/// and never repairs, and its messages name the field, not the value (the address is personal data and ends up in logs).
/// </summary>
public static class EmailMessageGuard
{
    /// <summary>Throws <see cref="EmailRejectedException"/> unless the message and the sender address are safe to put in headers.</summary>
    public static void Validate(EmailMessage message, string senderAddress)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!IsPlainAddress(message.To))
        {
            throw new EmailRejectedException("The recipient is not a single plain email address (no display name, spaces, line breaks or lists).", "InvalidRecipient");
        }

        if (!IsPlainAddress(senderAddress))
        {
            throw new EmailRejectedException("Setting Email:SenderAddress is not a single plain email address.", "InvalidSender");
        }

        if (string.IsNullOrWhiteSpace(message.Subject) || message.Subject.Any(char.IsControl))
        {
            throw new EmailRejectedException("The subject is empty or contains control characters (line breaks).", "InvalidSubject");
        }

        if (string.IsNullOrWhiteSpace(message.AttachmentName) || message.AttachmentName.Length > 255
            || message.AttachmentName.Any(c => char.IsControl(c) || c is '"' or '/' or '\\'))
        {
            throw new EmailRejectedException("The attachment name is empty, too long, or contains control characters, quotes or slashes.", "InvalidAttachmentName");
        }

        if (!IsMessageId(message.MessageId))
        {
            throw new EmailRejectedException("The message id must look like left@right in printable ASCII without spaces or brackets.", "InvalidMessageId");
        }
    }

    /// <summary>A bare address as Core accepts it (<see cref="DeliveryRules.IsValidEmail"/>), and nothing else.</summary>
    public static bool IsPlainAddress(string? address) => DeliveryRules.IsValidEmail(address);

    private static bool IsMessageId(string? id)
    {
        if (id is null || id.Length is < 3 or > 250)
        {
            return false;
        }

        var at = id.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < id.Length - 1 && id.IndexOf('@', at + 1) < 0
            && id.All(c => c is > ' ' and <= '~' and not ('<' or '>' or '(' or ')' or '[' or ']' or '\\' or '"' or ',' or ';' or ':'));
    }
}
