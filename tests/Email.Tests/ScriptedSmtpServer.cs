using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EntryExit.Email.Tests;

/// <summary>
/// A minimal SMTP server on a free loopback port for answers smtp4dev will not give: it greets with
/// <see cref="Greeting"/>, accepts EHLO and MAIL, and answers RCPT with <see cref="RecipientReply"/>.
/// </summary>
public sealed class ScriptedSmtpServer(string greeting, string recipientReply) : LoopbackPeer
{
    public string Greeting { get; } = greeting;

    public string RecipientReply { get; } = recipientReply;

    protected override async Task ServeAsync(TcpClient client, CancellationToken stopping)
    {
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync(Greeting);
        while (await reader.ReadLineAsync(stopping) is { } line)
        {
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            var reply = verb switch
            {
                "EHLO" or "HELO" => "250 scripted.example.test",
                "MAIL" => "250 2.1.0 OK",
                "RCPT" => RecipientReply,
                "RSET" => "250 2.0.0 OK",
                "QUIT" => "221 2.0.0 Bye",
                _ => "502 5.5.2 Not implemented",
            };
            await writer.WriteLineAsync(reply);
            if (verb == "QUIT")
            {
                break;
            }
        }
    }
}
