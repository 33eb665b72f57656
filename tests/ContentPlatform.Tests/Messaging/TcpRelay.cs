using System.Net;
using System.Net.Sockets;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.Messaging;

/// <summary>
/// A loopback TCP relay in front of one server (Redis) for one instance: <see cref="Cut"/> drops every relayed connection
/// (with a reset, as a broken network does) and refuses new ones until <see cref="Start"/>, so that instance alone loses
/// the server while the others keep it.
/// </summary>
internal sealed class TcpRelay : IDisposable
{
    private readonly int _target;
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private CancellationTokenSource? _running;

    private TcpRelay(int target) => _target = target;

    /// <summary>Where the instance connects instead of the server.</summary>
    public int Port { get; } = Apps.FreePort();

    public static TcpRelay Start(int targetPort)
    {
        var relay = new TcpRelay(targetPort);
        relay.Start();
        return relay;
    }

    public void Start()
    {
        _running = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true); // the same port again
        _listener.Start();
        _ = AcceptAsync(_listener, _running.Token);
    }

    public void Cut()
    {
        _running?.Cancel();
        _listener?.Stop();
        lock (_open)
        {
            foreach (var client in _open)
            {
                // Closing with a zero linger sends a reset: the instance notices at once. (A pump may have closed it already.)
                client.Client?.LingerState = new LingerOption(true, 0);
                client.Dispose();
            }
            _open.Clear();
        }
    }

    public void Dispose()
    {
        Cut();
        _running?.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken ct)
    {
        while (true)
        {
            TcpClient inbound;
            var outbound = new TcpClient();
            try
            {
                inbound = await listener.AcceptTcpClientAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                outbound.Dispose();
                return;
            }
            lock (_open)
            {
                _open.Add(inbound);
                _open.Add(outbound);
            }
            try
            {
                await outbound.ConnectAsync(IPAddress.Loopback, _target, ct);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }
            _ = PumpAsync(inbound, outbound, ct);
            _ = PumpAsync(outbound, inbound, ct);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to, CancellationToken ct)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), ct);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // cut, or the other side went away
        }
        from.Dispose();
        to.Dispose();
    }
}
