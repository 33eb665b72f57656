using System.Collections.Concurrent;
using StackExchange.Redis;

namespace ContentPlatform.Delivery.Realtime;

/// <summary>
/// <see cref="IInstanceSignals"/> over Redis pub/sub: one channel, "{instance}|{id}|{signal}|{payload}", read in order by
/// one loop; an instance ignores its own. While Redis is away a publish is dropped (logged) and, when it is back, every
/// handler hears null (possibly missed).
/// A publish returns once every other instance has acted on the signal (each acknowledges on a second channel), or after
/// <see cref="ConfirmWithin"/>: pub/sub and the backplane's group channels are separate, so without the wait a message
/// sent right after a care-team removal could overtake the removal and reach the removed colleague's tab on another
/// instance (`CareTeamRemovalTests.On_two_instances…` caught it).
/// </summary>
public sealed partial class RedisInstanceSignals(RedisConnection redis, ILogger<RedisInstanceSignals> log) : IInstanceSignals, IHostedService, IDisposable
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("contentplatform:signals");
    private static readonly RedisChannel Acks = RedisChannel.Literal("contentplatform:signals:ack");

    /// <summary>How long a publish waits for the other instances to act; a hung instance must not hold up the caller.</summary>
    public static readonly TimeSpan ConfirmWithin = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private ChannelMessageQueue? _ackQueue;
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
        var id = Guid.NewGuid().ToString("N");
        var pending = new Pending();
        _pending[id] = pending;
        try
        {
            // Every instance (this one too) subscribes once, so the receiver count less one is the acks to wait for.
            var receivers = await (await redis.GetAsync()).GetSubscriber().PublishAsync(Channel, $"{_instance}|{id}|{signal}|{payload}");
            if (pending.Expect((int)receivers - 1) is { } confirmed)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(ConfirmWithin);
                try
                {
                    await confirmed.WaitAsync(timeout.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    LogNotConfirmed(log, signal, ConfirmWithin.TotalSeconds);
                }
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogNotSent(log, signal, e);
        }
        finally
        {
            _pending.TryRemove(id, out _);
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
        return Task.WhenAll(_queue?.UnsubscribeAsync() ?? Task.CompletedTask, _ackQueue?.UnsubscribeAsync() ?? Task.CompletedTask);
    }

    /// <summary>Subscribes once; if Redis was away at start-up, the first restore does it.</summary>
    private async Task EnsureSubscribedAsync()
    {
        await _subscribing.WaitAsync();
        try
        {
            if (_queue is null && redis.IsConnected)
            {
                var subscriber = (await redis.GetAsync()).GetSubscriber();
                _ackQueue = await subscriber.SubscribeAsync(Acks);
                _ackQueue.OnMessage(HearAck);
                _queue = await subscriber.SubscribeAsync(Channel);
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
        var parts = ((string?)message.Message ?? "").Split('|', 4);
        if (parts.Length < 4 || parts[0] == _instance)
        {
            return;
        }
        try
        {
            if (_handlers.TryGetValue(parts[2], out var handler))
            {
                await handler(parts[3], CancellationToken.None);
            }
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            LogBadSignal(log, e, parts[2]);
        }
        finally
        {
            await AcknowledgeAsync(parts[0], parts[1]);
        }
    }

    /// <summary>Tells the publisher this instance has acted (or had nothing to do): "{publisher}|{id}".</summary>
    private async Task AcknowledgeAsync(string publisher, string id)
    {
        try
        {
            await (await redis.GetAsync()).GetSubscriber().PublishAsync(Acks, $"{publisher}|{id}");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogNotSent(log, "acknowledgement", e);
        }
    }

    private void HearAck(ChannelMessage message)
    {
        var parts = ((string?)message.Message ?? "").Split('|', 2);
        if (parts.Length == 2 && parts[0] == _instance && _pending.TryGetValue(parts[1], out var pending))
        {
            pending.Acknowledged();
        }
    }

    /// <summary>
    /// Acknowledgements of one publish. An ack can arrive before the publish returns the receiver count, so the count of
    /// acks and the count expected are kept apart and compared whenever either changes.
    /// </summary>
    private sealed class Pending
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _acks;
        private int _expected = -1;

        /// <summary>The task to wait for, or null when there is nobody to wait for.</summary>
        public Task? Expect(int others)
        {
            if (others <= 0)
            {
                return null;
            }
            Volatile.Write(ref _expected, others);
            Check();
            return _done.Task;
        }

        public void Acknowledged()
        {
            Interlocked.Increment(ref _acks);
            Check();
        }

        private void Check()
        {
            var expected = Volatile.Read(ref _expected);
            if (expected > 0 && Volatile.Read(ref _acks) >= expected)
            {
                _done.TrySetResult();
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Instance signal {Signal} not sent: Redis is unreachable")]
    private static partial void LogNotSent(ILogger logger, string signal, Exception? e);

    [LoggerMessage(LogLevel.Warning, "Instance signal {Signal} not confirmed by every instance within {Seconds} s; carrying on")]
    private static partial void LogNotConfirmed(ILogger logger, string signal, double seconds);

    [LoggerMessage(LogLevel.Warning, "Ignored a malformed instance signal {Signal}")]
    private static partial void LogBadSignal(ILogger logger, Exception e, string signal);
}
