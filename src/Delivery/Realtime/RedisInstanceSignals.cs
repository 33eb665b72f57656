using System.Collections.Concurrent;
using StackExchange.Redis;

namespace ContentPlatform.Delivery.Realtime;

/// <summary>
/// <see cref="IInstanceSignals"/> over Redis pub/sub: one channel, "{instance}|{signal}|{payload}", read in order by one
/// loop; an instance ignores its own. While Redis is away a publish is dropped (logged) and, when it is back, every
/// handler hears null (possibly missed).
/// </summary>
public sealed partial class RedisInstanceSignals(RedisConnection redis, ILogger<RedisInstanceSignals> log) : IInstanceSignals, IHostedService, IDisposable
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("contentplatform:signals");
    private readonly string _instance = Guid.NewGuid().ToString("N")[..12];
    private readonly ConcurrentDictionary<string, Func<string?, CancellationToken, Task>> _handlers = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _subscribing = new(1, 1);
    private ChannelMessageQueue? _queue;

    public void Dispose() => _subscribing.Dispose();

    public void Subscribe(string signal, Func<string?, CancellationToken, Task> handler) => _handlers[signal] = handler;

    public async Task PublishAsync(string signal, string payload, CancellationToken ct = default)
    {
        if (!redis.IsConnected)
        {
            LogNotSent(log, signal, null);
            return;
        }
        try
        {
            await (await redis.GetAsync()).GetSubscriber().PublishAsync(Channel, $"{_instance}|{signal}|{payload}");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogNotSent(log, signal, e);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        redis.Restored += CatchUpAsync;
        await redis.GetAsync(); // connects (or starts retrying in the background)
        await EnsureSubscribedAsync();
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        redis.Restored -= CatchUpAsync;
        return _queue?.UnsubscribeAsync() ?? Task.CompletedTask;
    }

    /// <summary>Subscribes once; if Redis was away at start-up, the first restore does it.</summary>
    private async Task EnsureSubscribedAsync()
    {
        await _subscribing.WaitAsync();
        try
        {
            if (_queue is null && redis.IsConnected)
            {
                _queue = await (await redis.GetAsync()).GetSubscriber().SubscribeAsync(Channel);
                _queue.OnMessage(HearAsync); // one message at a time, in order
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogNotSent(log, "subscribe", e);
        }
        finally
        {
            _subscribing.Release();
        }
    }

    private async Task CatchUpAsync()
    {
        await EnsureSubscribedAsync();
        foreach (var handler in _handlers.Values)
        {
            await handler(null, CancellationToken.None);
        }
    }

    private async Task HearAsync(ChannelMessage message)
    {
        var parts = ((string?)message.Message ?? "").Split('|', 3);
        if (parts.Length < 3 || parts[0] == _instance || !_handlers.TryGetValue(parts[1], out var handler))
        {
            return;
        }
        try
        {
            await handler(parts[2], CancellationToken.None);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            LogBadSignal(log, e, parts[1]);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Instance signal {Signal} not sent: Redis is unreachable")]
    private static partial void LogNotSent(ILogger logger, string signal, Exception? e);

    [LoggerMessage(LogLevel.Warning, "Ignored a malformed instance signal {Signal}")]
    private static partial void LogBadSignal(ILogger logger, Exception e, string signal);
}
