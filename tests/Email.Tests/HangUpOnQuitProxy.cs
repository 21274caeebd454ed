using System.Net;
using System.Net.Sockets;

namespace EntryExit.Email.Tests;

/// <summary>
/// A loopback port in front of a real SMTP server that passes the conversation through until the client says QUIT,
/// then hangs up on both sides without an answer: the server has taken the message, the client never hears "221".
/// </summary>
public sealed class HangUpOnQuitProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _serverPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public HangUpOnQuitProxy(int serverPort)
    {
        _serverPort = serverPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = ServeAsync();
    }

    public int Port { get; }

    /// <summary>How many times a client's QUIT was swallowed.</summary>
    public int HungUp { get; private set; }

    private async Task ServeAsync()
    {
        try
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                using var server = new TcpClient();
                await server.ConnectAsync(IPAddress.Loopback, _serverPort, _stop.Token);
                var toClient = server.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
                var buffer = new byte[64 * 1024];
                var fromClient = client.GetStream();
                while (await fromClient.ReadAsync(buffer, _stop.Token) is var read and > 0)
                {
                    // MailKit sends QUIT on its own, after the reply to the message's final dot.
                    if (buffer.AsSpan(0, read).SequenceEqual("QUIT\r\n"u8))
                    {
                        HungUp++;
                        break;
                    }

                    await server.GetStream().WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                }

                client.Client.Close(0);
                server.Client.Close(0);
                await Task.WhenAny(toClient); // ended by the close; its error is expected, not thrown
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
