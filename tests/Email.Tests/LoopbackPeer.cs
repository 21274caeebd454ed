using System.Net;
using System.Net.Sockets;

namespace EntryExit.Email.Tests;

/// <summary>
/// The other end of a mail conversation, played by a test on a free loopback port: connections are taken one at a time
/// and handed to <see cref="ServeAsync"/> until the peer is disposed; a client hanging up or the peer stopping ends
/// the loop quietly.
/// </summary>
public abstract class LoopbackPeer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    protected LoopbackPeer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>One connection, from accept to hang-up.</summary>
    protected abstract Task ServeAsync(TcpClient client, CancellationToken stopping);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                await ServeAsync(client, _stop.Token);
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
        GC.SuppressFinalize(this);
    }
}
