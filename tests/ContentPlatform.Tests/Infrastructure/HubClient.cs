using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContentPlatform.Tests.Infrastructure;

/// <summary>The server refused to open a hub connection: the HTTP status of the WebSocket upgrade (or negotiate) request.</summary>
public sealed class HubRefusedException(HttpStatusCode status, Exception inner)
    : Exception($"the hub refused the connection with HTTP {(int)status}", inner)
{
    public HttpStatusCode Status { get; } = status;
}

/// <summary>A server event as JSON, for tests that read a payload's fields by name (see <see cref="HubClient.WaitForAsync"/>).</summary>
public sealed record HubEvent(string Target, JsonElement[] Arguments);

/// <summary>
/// A test's connection to a hub through the SignalR .NET client (<see cref="HubConnection"/>): typed <c>On&lt;T&gt;</c>
/// handlers feed one inbox per event, so a test waits for the event it expects (never sleeps), and optional automatic
/// reconnect behaves as the pages' own client does. Connections go straight to WebSockets without negotiation, as the
/// pages connect to /hubs/care, unless <c>negotiate</c> is asked for (the Cms media page negotiates).
/// </summary>
public sealed class HubClient : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<string, Channel<object?>> _inboxes = new();
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<string?> _reconnections = Channel.CreateUnbounded<string?>();
    private readonly ConcurrentQueue<HttpStatusCode> _refusals = new();
    private volatile ClientWebSocket? _socket;

    private HubClient(Uri url, CookieContainer? cookies, string? language, bool negotiate, IRetryPolicy? reconnect)
    {
        var builder = new HubConnectionBuilder().WithUrl(url, HttpTransportType.WebSockets, o =>
        {
            o.SkipNegotiation = !negotiate;
            if (cookies is not null)
            {
                o.Cookies = cookies; // the negotiate request's handler, and (below) the WebSocket's upgrade request
            }
            if (language is not null)
            {
                o.Headers["Accept-Language"] = language; // as a browser sends it on the upgrade request
            }
            o.WebSocketFactory = OpenSocketAsync;
        });
        if (reconnect is not null)
        {
            builder.WithAutomaticReconnect(reconnect);
        }
        Connection = builder.Build();
        Connection.Closed += e =>
        {
            _closed.TrySetResult(e);
            return Task.CompletedTask;
        };
        Connection.Reconnected += id => _reconnections.Writer.WriteAsync(id).AsTask();
    }

    public HubConnection Connection { get; }

    /// <summary>The HTTP status of every WebSocket upgrade the server refused, automatic reconnect attempts included.</summary>
    public IReadOnlyCollection<HttpStatusCode> Refusals => _refusals;

    /// <summary>Completes when the connection is closed for good (by the server, a lost network without reconnect, or dispose).</summary>
    public Task<Exception?> Closed => _closed.Task;

    /// <summary>Builds a connection without starting it, so handlers can be registered (<see cref="Listen{T}"/>) first.</summary>
    public static HubClient Create(Uri baseAddress, string path, CookieContainer? cookies, string? language = null, bool negotiate = false,
        IRetryPolicy? reconnect = null) => new(new Uri(baseAddress, path), cookies, language, negotiate, reconnect);

    /// <summary>Connects to a real server (Kestrel) with the cookies of a signed-in client; a refusal is a <see cref="HubRefusedException"/>.</summary>
    public static async Task<HubClient> ConnectAsync(Uri baseAddress, string path, CookieContainer? cookies, string? language = null,
        bool negotiate = false, IRetryPolicy? reconnect = null, params (string Target, Type Type)[] events)
    {
        var client = Create(baseAddress, path, cookies, language, negotiate, reconnect);
        foreach (var (target, type) in events)
        {
            client.Listen(target, type);
        }
        try
        {
            await client.StartAsync();
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Queues every <paramref name="target"/> event, its one argument read as <typeparamref name="T"/>.</summary>
    public HubClient Listen<T>(string target) => Listen(target, typeof(T));

    private HubClient Listen(string target, Type type)
    {
        var inbox = Channel.CreateUnbounded<object?>();
        if (!_inboxes.TryAdd(target, inbox))
        {
            throw new InvalidOperationException($"already listening to '{target}'");
        }
        // typeof(void): an event without arguments ("resync"), queued as a marker so waiting for it works alike.
        Connection.On(target, type == typeof(void) ? Type.EmptyTypes : [type],
            args => inbox.Writer.WriteAsync(type == typeof(void) ? NoArguments.Value : args[0]).AsTask());
        return this;
    }

    /// <summary>What an event without arguments is queued as.</summary>
    public sealed record NoArguments
    {
        public static readonly NoArguments Value = new();
    }

    public async Task StartAsync(CancellationToken ct = default)
    {
        try
        {
            await Connection.StartAsync(ct);
        }
        catch (HttpRequestException e) when (e.StatusCode is { } status)
        {
            throw new HubRefusedException(status, e); // refused at negotiate
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.OfType<HubRefusedException>().FirstOrDefault() is { } refused)
        {
            throw refused; // negotiated, then refused on the WebSocket (the client gathers each transport's failure)
        }
    }

    public Task<T> InvokeAsync<T>(string method, params object?[] arguments) => Connection.InvokeCoreAsync<T>(method, arguments);

    public Task InvokeAsync(string method, params object?[] arguments) => Connection.InvokeCoreAsync(method, arguments);

    /// <summary>The next <paramref name="target"/> event that matches, within <paramref name="timeout"/> (others are skipped).</summary>
    public async Task<T> NextAsync<T>(string target, Func<T, bool>? match = null, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var inbox = Inbox(target);
        while (true)
        {
            if (await inbox.Reader.ReadAsync(cts.Token) is not T value)
            {
                throw new InvalidOperationException($"'{target}' is listened to with another type than {typeof(T).Name}");
            }
            if (match is null || match(value))
            {
                return value;
            }
        }
    }

    /// <summary>
    /// The next event as JSON: the shape the hand-written client gave, kept so tests that read payload fields by name
    /// (<c>Arguments[0].GetProperty("messageId")</c>) still work. Prefer <see cref="NextAsync{T}"/>.
    /// </summary>
    public async Task<HubEvent> WaitForAsync(string target, Func<HubEvent, bool>? match = null, TimeSpan? timeout = null)
    {
        var value = await NextAsync<object?>(target, v => match is null || match(AsEvent(target, v)), timeout);
        return AsEvent(target, value);
    }

    /// <summary>Whether a <paramref name="target"/> event arrives within <paramref name="within"/> (for "nothing arrives" checks).</summary>
    public async Task<bool> ReceivesAsync(string target, TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within);
        try
        {
            await Inbox(target).Reader.ReadAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Cuts the WebSocket under the client as a lost network would (no close handshake): reconnect, if on, takes over.</summary>
    public void CutNetwork() => _socket?.Abort();

    /// <summary>The next successful automatic reconnect (its new connection id), within <paramref name="timeout"/>.</summary>
    public async Task<string?> ReconnectedAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await _reconnections.Reader.ReadAsync(cts.Token);
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();

    private Channel<object?> Inbox(string target) =>
        _inboxes.TryGetValue(target, out var inbox) ? inbox : throw new InvalidOperationException($"not listening to '{target}': call Listen first");

    private static HubEvent AsEvent(string target, object? value) => new(target, [JsonSerializer.SerializeToElement(value, value?.GetType() ?? typeof(object), Json)]);

    /// <summary>
    /// Our own WebSocket factory, doing what the client's default one does with the cookies and headers of
    /// <see cref="HttpConnectionOptions"/>, for two things tests need: the HTTP status of a refused upgrade (the default
    /// surfaces only a message) and the socket itself, to cut it (<see cref="CutNetwork"/>).
    /// </summary>
    private async ValueTask<WebSocket> OpenSocketAsync(WebSocketConnectionContext context, CancellationToken ct)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (context.Options.Cookies.Count > 0)
        {
            socket.Options.Cookies = context.Options.Cookies;
        }
        foreach (var (name, value) in context.Options.Headers)
        {
            socket.Options.SetRequestHeader(name, value);
        }
        try
        {
            await socket.ConnectAsync(context.Uri, ct);
        }
        catch (WebSocketException e) when (socket.HttpStatusCode != 0)
        {
            var status = socket.HttpStatusCode;
            _refusals.Enqueue(status);
            socket.Dispose();
            throw new HubRefusedException(status, e);
        }
        _socket = socket;
        return socket;
    }
}

/// <summary>
/// Automatic reconnect for tests: up to <paramref name="attempts"/> tries, at once (the pages back off over seconds, which a
/// test need not wait out; what is tested is that reconnecting works, or is refused).
/// </summary>
public sealed class RetryAtOnce(int attempts) : IRetryPolicy
{
    public TimeSpan? NextRetryDelay(RetryContext retryContext) => retryContext.PreviousRetryCount < attempts ? TimeSpan.Zero : null;
}
