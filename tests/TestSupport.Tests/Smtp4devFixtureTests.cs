using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace EntryExit.TestSupport.Tests;

[Collection(MailCollection.Name)]
public sealed class Smtp4devFixtureTests(Smtp4devFixture smtp)
{
    [Fact]
    public async Task A_message_with_an_attachment_arrives_and_its_raw_source_parses_back()
    {
        var recipient = $"citizen-{Guid.NewGuid():N}@example.test";
        var pdf = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();
        var builder = new BodyBuilder { TextBody = "您好，附件是出入境记录查询结果（电子文件）。" };
        builder.Attachments.Add("E230223377109.pdf", pdf, new ContentType("application", "pdf"));
        using var message = new MimeMessage(
            [new MailboxAddress("国家移民管理局", "noreply@entry-exit.localhost")],
            [new MailboxAddress("买买提·艾力", recipient)],
            "出入境记录查询结果（电子文件）",
            builder.ToMessageBody());

        using (var client = new SmtpClient())
        {
            await client.ConnectAsync("127.0.0.1", smtp.SmtpPort, SecureSocketOptions.None);
            await client.SendAsync(message);
            await client.DisconnectAsync(quit: true);
        }

        var summary = await smtp.WaitForMessageAsync(m => m.To.Contains(recipient), TimeSpan.FromSeconds(15));
        summary.Subject.Should().Be("出入境记录查询结果（电子文件）");
        summary.AttachmentCount.Should().Be(1);

        using var received = MimeMessage.Load(new MemoryStream(await smtp.GetRawMessageAsync(summary.Id)));
        received.TextBody.Should().NotBeNull().And.Contain("出入境记录查询结果");
        var attachment = received.Attachments.OfType<MimePart>().Should().ContainSingle().Subject;
        attachment.FileName.Should().Be("E230223377109.pdf");
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        content.ToArray().Should().Equal(pdf);
    }

    [Fact]
    public async Task Lists_every_page_and_deletes_all()
    {
        var tag = Guid.NewGuid().ToString("N");
        using (var client = new SmtpClient())
        {
            await client.ConnectAsync("127.0.0.1", smtp.SmtpPort, SecureSocketOptions.None);
            for (var i = 0; i < 7; i++)
            {
                using var message = new MimeMessage([MailboxAddress.Parse("a@example.test")], [MailboxAddress.Parse($"{tag}-{i}@example.test")], $"paging {i}", new TextPart("plain") { Text = "x" });
                await client.SendAsync(message);
            }

            await client.DisconnectAsync(quit: true);
        }

        // smtp4dev pages by 5 by default: 7 messages need two pages of its default size.
        await Eventually.UntilAsync(async () => (await smtp.GetMessagesAsync()).Count(m => m.To.Any(t => t.StartsWith(tag, StringComparison.Ordinal))) == 7, TimeSpan.FromSeconds(15));

        await smtp.DeleteAllAsync();
        (await smtp.GetMessagesAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Waiting_for_a_message_that_never_comes_times_out_with_what_arrived()
    {
        var wait = () => smtp.WaitForMessageAsync(m => m.Subject == "never sent " + Guid.NewGuid(), TimeSpan.FromMilliseconds(500));
        await wait.Should().ThrowAsync<TimeoutException>().WithMessage("*Messages received*");
    }
}
