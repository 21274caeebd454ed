using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EntryExit.Email.Tests;

/// <summary>
/// A minimal SMTP server on a free loopback port for answers smtp4dev will not give: it greets with
/// <see cref="Greeting"/>, accepts EHLO and MAIL, and answers RCPT with <see cref="RecipientReply"/>.
/// </summary>
public sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ScriptedSmtpServer(string greeting, string recipientReply)
    {
        Greeting = greeting;
        RecipientReply = recipientReply;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = ServeAsync();
    }

    public string Greeting { get; }

    public string RecipientReply { get; }

    public int Port { get; }

    private async Task ServeAsync()
    {
        try
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                await using var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII);
                await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                await writer.WriteLineAsync(Greeting);
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
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
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Stopped, or the client hung up.
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
