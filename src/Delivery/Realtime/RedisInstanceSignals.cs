using System.Collections.Concurrent;
using StackExchange.Redis;

namespace ContentPlatform.Delivery.Realtime;

/// <summary>
/// <see cref="IInstanceSignals"/> over Redis pub/sub: one channel, "{instance}|{id}|{signal}|{payload}", read in order by
/// one loop; an instance ignores its own. While Redis is away a publish is kept (<see cref="Unsent"/>) and, when it is
/// back, every handler hears null (possibly missed) and the kept signals are published again — also whenever another
/// instance announces that it is back, because the instances reconnect at different moments and pub/sub keeps nothing
/// for a subscriber that is not there yet. A revocation issued during an outage must still reach the other instances'
/// live connections (`RedisOutageTests.A_user_locked_out…`).
/// A publish returns once every other instance has acted on the signal (each acknowledges on a second channel), or after
/// <see cref="ConfirmWithin"/>: pub/sub and the backplane's group channels are separate, so without the wait a message
/// sent right after a care-team removal could overtake the removal and reach the removed colleague's tab on another
/// instance (`CareTeamRemovalTests.On_two_instances…` caught it).
/// </summary>
public sealed partial class RedisInstanceSignals(RedisConnection redis, ILogger<RedisInstanceSignals> log) : IInstanceSignals, IHostedService, IDisposable
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("contentplatform:signals");
    private static readonly RedisChannel Acks = RedisChannel.Literal("contentplatform:signals:ack");

    /// <summary>Announced by an instance whose subscription is back after an outage: the others publish what they kept.</summary>
    private const string BackSignal = "instance-back";

    /// <summary>How long a publish waits for the other instances to act; a hung instance must not hold up the caller.</summary>
    public static readonly TimeSpan ConfirmWithin = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private ChannelMessageQueue? _ackQueue;
    private readonly string _instance = Guid.NewGuid().ToString("N")[..12];
    private readonly ConcurrentDictionary<string, Func<string?, CancellationToken, Task>> _handlers = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _subscribing = new(1, 1);
    private ChannelMessageQueue? _queue;
    private readonly Unsent _unsent = new();

    public void Dispose() => _subscribing.Dispose();

    public void Subscribe(string signal, Func<string?, CancellationToken, Task> handler) => _handlers[signal] = handler;

    public async Task PublishAsync(string signal, string payload, CancellationToken ct = default)
    {
        if (!await TryPublishAsync(signal, payload, ct))
        {
            _unsent.Keep(signal, payload);
        }
    }

    /// <summary>Publishes and waits for the other instances' acknowledgements; false when Redis could not take it.</summary>
    private async Task<bool> TryPublishAsync(string signal, string payload, CancellationToken ct)
    {
        if (!redis.IsConnected)
        {
            LogNotSent(log, signal, null);
            return false;
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
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogNotSent(log, signal, e);
            return false;
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Publishes again what could not be sent while Redis was away (see <see cref="Unsent"/>).</summary>
    private async Task RepublishUnsentAsync()
    {
        foreach (var (signal, payload) in _unsent.ToRepublish())
        {
            if (!await TryPublishAsync(signal, payload, CancellationToken.None))
            {
                return; // away again: the next restore tries
            }
        }
        _unsent.Republished();
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
        await TryPublishAsync(BackSignal, "", CancellationToken.None);
        await RepublishUnsentAsync();
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
            if (parts[2] == BackSignal)
            {
                // Not awaited: a republish waits for acknowledgements, and two instances doing so from inside their loops
                // would each hold up the other's.
                _ = Task.Run(RepublishUnsentAsync);
                redis.OnPeerRestored();
            }
            else if (_handlers.TryGetValue(parts[2], out var handler))
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
            // Sent, not awaited: the connection keeps commands in order, so it still leaves after the handler's work,
            // and the loop does not wait a Redis round trip per signal. Awaited, one instance's loop could acknowledge
            // only one signal per round trip: at 100 therapist messages/s (each evicts the patient's pages everywhere)
            // on a loaded machine the signals queued behind it and held every sender's hub call.
            _ = AcknowledgeAsync(parts[0], parts[1]);
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
    /// Signals that could not be published while Redis was away, each once (the same eviction or revocation twice is one).
    /// After the first republish they are kept for <see cref="KeepAfterRepublish"/> and sent again to every instance
    /// that announces it is back within that time; an instance that reconnects later has missed more than these and
    /// evicts everything anyway. Bounded: past <see cref="Limit"/> the oldest go (logged by the caller's warning).
    /// </summary>
    private sealed class Unsent
    {
        public static readonly TimeSpan KeepAfterRepublish = TimeSpan.FromMinutes(1);
        private const int Limit = 10_000;
        private readonly Lock _lock = new();
        private readonly List<(string Signal, string Payload)> _items = [];
        private readonly HashSet<(string, string)> _seen = [];
        private long _firstRepublished;

        public void Keep(string signal, string payload)
        {
            lock (_lock)
            {
                if (_firstRepublished != 0)
                {
                    // A new outage: what was republished after the last one has been delivered by now.
                    _items.Clear();
                    _seen.Clear();
                    _firstRepublished = 0;
                }
                if (_seen.Add((signal, payload)))
                {
                    _items.Add((signal, payload));
                    if (_items.Count > Limit)
                    {
                        _seen.Remove(_items[0]);
                        _items.RemoveAt(0);
                    }
                }
            }
        }

        public List<(string Signal, string Payload)> ToRepublish()
        {
            lock (_lock)
            {
                if (_firstRepublished != 0 && Environment.TickCount64 - _firstRepublished > (long)KeepAfterRepublish.TotalMilliseconds)
                {
                    _items.Clear();
                    _seen.Clear();
                }
                return [.. _items];
            }
        }

        /// <summary>Every kept signal went out once; from now they are kept only for a while.</summary>
        public void Republished()
        {
            lock (_lock)
            {
                if (_firstRepublished == 0 && _items.Count > 0)
                {
                    _firstRepublished = Environment.TickCount64;
                }
            }
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
