using System.Net;
using System.Net.Sockets;

namespace EntryExit.Email.Tests;

/// <summary>
/// A loopback port in front of a real SMTP server that passes the conversation through until the client says QUIT,
/// then hangs up on both sides without an answer: the server has taken the message, the client never hears "221".
/// </summary>
public sealed class HangUpOnQuitProxy(int serverPort) : LoopbackPeer
{
    /// <summary>How many times a client's QUIT was swallowed.</summary>
    public int HungUp { get; private set; }

    protected override async Task ServeAsync(TcpClient client, CancellationToken stopping)
    {
        using var server = new TcpClient();
        await server.ConnectAsync(IPAddress.Loopback, serverPort, stopping);
        var toClient = server.GetStream().CopyToAsync(client.GetStream(), stopping);
        var buffer = new byte[64 * 1024];
        var fromClient = client.GetStream();
        while (await fromClient.ReadAsync(buffer, stopping) is var read and > 0)
        {
            // MailKit sends QUIT on its own, after the reply to the message's final dot.
            if (buffer.AsSpan(0, read).SequenceEqual("QUIT\r\n"u8))
            {
                HungUp++;
                break;
            }

            await server.GetStream().WriteAsync(buffer.AsMemory(0, read), stopping);
        }

        client.Client.Close(0);
        server.Client.Close(0);
        await Task.WhenAny(toClient); // ended by the close; its error is expected, not thrown
    }
}
