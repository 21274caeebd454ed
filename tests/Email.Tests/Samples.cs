using EntryExit.Core.Reports;

namespace EntryExit.Email.Tests;

internal static class Samples
{
    public const string Sender = "DoNotReply@entry-exit.example.test";
    public const string Subject = "出入境记录查询结果（电子文件）E261126916913";
    public const string Text = "您好：\n\n您申请的出入境记录查询结果（电子文件）已生成，请查收附件。\n编号：E261126916913\n\n国家移民管理局";

    /// <summary>Bytes that look like a PDF and cover every byte value, so base64 and transfer encodings are exercised.</summary>
    public static byte[] Pdf(int length = 40_000)
    {
        var bytes = new byte[length];
        "%PDF-1.7\n"u8.CopyTo(bytes);
        for (var i = 9; i < length; i++)
        {
            bytes[i] = (byte)((i * 131) ^ (i >> 8));
        }

        return bytes;
    }

    public static EmailMessage Message(string to = "citizen@example.test", string messageId = "E261126916913@entry-exit", byte[]? pdf = null, string subject = Subject) =>
        new(to, subject, Text, "E261126916913.pdf", pdf ?? Pdf()) { MessageId = messageId };

    /// <summary>Recipients that try to smuggle a header, a display name or a second address past the sender.</summary>
    public static TheoryData<string> HostileRecipients() =>
    [
        "citizen@example.test\r\nBcc: thief@example.test",
        "citizen@example.test\nX-Injected: yes",
        "citizen@example.test\r",
        "\"Citizen\" <citizen@example.test>",
        "Citizen <citizen@example.test>",
        "thief@example.test, citizen@example.test",
        "citizen@example.test;thief@example.test",
        " citizen@example.test",
        "citizen@example.test (comment)",
        "=?utf-8?q?x?= <citizen@example.test>",
        "",
    ];
}
