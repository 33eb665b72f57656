using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace ContentPlatform.Benchmarks;

/// <summary>A server-to-client invocation ("message" …) with its arguments as JSON.</summary>
public sealed record HubEvent(string Target, JsonElement[] Arguments);

/// <summary>The hub method failed on the server (a HubException's message, or SignalR's generic one).</summary>
public sealed class HubInvocationException(string message) : Exception(message);

/// <summary>
/// A minimal SignalR client speaking the JSON hub protocol over a raw WebSocket — for the messaging benchmark only; tests
/// and the e2e harness use the SignalR .NET client (HubConnection). Why it stays here, measured by hub-clients.sh for
/// 1,000 connections (docs/benchmarks.md): it opens them about twice as fast and holds ≈13 KB less heap per connection
/// (31 vs 44 KB), which matters a little in a process that shares 2 cores with the servers it measures; receiving costs
/// the same CPU with either. The messaging figures recorded since issue 7 were measured with it, and it timestamps a
/// delivery on its receive loop before any deserialization. It does only what the benchmark needs: the handshake,
/// invocations with completions, server events (to a callback on the receive loop, where the benchmark timestamps), and
/// pings. Frames end with the record separator 0x1E; one WebSocket message may carry several frames, and a frame may span
/// several messages.
/// </summary>
public sealed class RawHubClient : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly WebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement?>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private Task _pinging = Task.CompletedTask;
    private int _nextId;

    private RawHubClient(WebSocket socket) => _socket = socket;

    /// <summary>Called on the receive loop for every server event (the benchmark timestamps here).</summary>
    public Action<HubEvent>? OnEvent { get; set; }

    /// <summary>Completes when the server closes the connection or it breaks.</summary>
    public Task Closed => _receiving;

    /// <summary>Connects to a real server (Kestrel) with the cookies of a signed-in client.</summary>
    public static async Task<RawHubClient> ConnectAsync(Uri httpBase, string path, CookieContainer? cookies, string? language = null,
        CancellationToken ct = default)
    {
        var socket = new ClientWebSocket();
        if (cookies is not null)
        {
            socket.Options.Cookies = cookies;
        }
        if (language is not null)
        {
            socket.Options.SetRequestHeader("Accept-Language", language); // as a browser sends it on the upgrade request
        }
        var ws = new UriBuilder(new Uri(httpBase, path)) { Scheme = httpBase.Scheme == "https" ? "wss" : "ws" }.Uri;
        await socket.ConnectAsync(ws, ct);
        return await StartAsync(socket, ct);
    }

    /// <summary>Does the handshake on a connected WebSocket and starts the receive and ping loops.</summary>
    private static async Task<RawHubClient> StartAsync(WebSocket socket, CancellationToken ct = default)
    {
        var client = new RawHubClient(socket);
        await client.SendFrameAsync("{\"protocol\":\"json\",\"version\":1}", ct);
        var handshake = await client.ReadFramesAsync(ct);
        if (handshake.Count == 0 || handshake[0].Contains("\"error\"", StringComparison.Ordinal))
        {
            throw new HubInvocationException($"handshake refused: {string.Join(' ', handshake)}");
        }
        client._receiving = Task.Run(() => client.ReceiveLoopAsync(handshake.Skip(1).ToList()), CancellationToken.None);
        client._pinging = Task.Run(client.PingLoopAsync, CancellationToken.None);
        return client;
    }

    public async Task<T> InvokeAsync<T>(string method, params object?[] arguments)
    {
        var result = await InvokeRawAsync(method, arguments);
        return result is { } r ? r.Deserialize<T>(Json)! : default!;
    }

    public Task InvokeAsync(string method, params object?[] arguments) => InvokeRawAsync(method, arguments);

    public async Task<JsonElement?> InvokeRawAsync(string method, object?[] arguments, CancellationToken ct = default)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var done = new TaskCompletionSource<JsonElement?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = done;
        await SendFrameAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target = method, arguments }, Json), ct);
        var finished = await Task.WhenAny(done.Task, _receiving);
        if (finished != done.Task && !done.Task.IsCompleted)
        {
            throw new HubInvocationException("the connection closed before the invocation completed");
        }
        return await done.Task;
    }

    private async Task ReceiveLoopAsync(List<string> first)
    {
        try
        {
            foreach (var frame in first)
            {
                Dispatch(frame);
            }
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var frames = await ReadFramesAsync(_stop.Token);
                if (frames.Count == 0)
                {
                    break;
                }
                foreach (var frame in frames)
                {
                    Dispatch(frame);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // closed: pending invocations fail below
        }
        finally
        {
            foreach (var (_, pending) in _pending)
            {
                pending.TrySetException(new HubInvocationException("connection closed"));
            }
        }
    }

    private void Dispatch(string frame)
    {
        using var doc = JsonDocument.Parse(frame);
        var root = doc.RootElement;
        switch (root.GetProperty("type").GetInt32())
        {
            case 1:
                var args = root.TryGetProperty("arguments", out var a) ? a.EnumerateArray().Select(x => x.Clone()).ToArray() : [];
                var e = new HubEvent(root.GetProperty("target").GetString()!, args);
                OnEvent?.Invoke(e);
                break;
            case 3:
                var id = root.GetProperty("invocationId").GetString()!;
                if (_pending.TryRemove(id, out var pending))
                {
                    if (root.TryGetProperty("error", out var error))
                    {
                        pending.TrySetException(new HubInvocationException(error.GetString() ?? "error"));
                    }
                    else
                    {
                        pending.TrySetResult(root.TryGetProperty("result", out var result) ? result.Clone() : null);
                    }
                }
                break;
            case 7:
                _stop.Cancel();
                break;
        }
    }

    private readonly List<byte> _buffer = [];

    private async Task<List<string>> ReadFramesAsync(CancellationToken ct)
    {
        var frames = new List<string>();
        var chunk = new byte[16 * 1024];
        while (frames.Count == 0)
        {
            var read = await _socket.ReceiveAsync(chunk, ct);
            if (read.MessageType == WebSocketMessageType.Close)
            {
                return frames;
            }
            _buffer.AddRange(chunk.AsSpan(0, read.Count));
            int end;
            while ((end = _buffer.IndexOf(RecordSeparator)) >= 0)
            {
                frames.Add(Encoding.UTF8.GetString([.. _buffer.GetRange(0, end)]));
                _buffer.RemoveRange(0, end + 1);
            }
        }
        return frames;
    }

    private async Task PingLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), _stop.Token);
                await SendFrameAsync("{\"type\":6}", _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
    }

    private async Task SendFrameAsync(string json, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(json + "\u001e");
        await _sendLock.WaitAsync(ct);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, ct);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        await Task.WhenAll(_receiving, _pinging).ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
        _sendLock.Dispose();
        _stop.Dispose();
    }
}
