using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using ContentPlatform.Delivery.Messaging;
using Npgsql;

namespace ContentPlatform.Delivery.Realtime;

/// <summary>
/// Fan-out across Delivery instances over PostgreSQL LISTEN/NOTIFY (no SignalR backplane package is installable here).
/// A publish is delivered to this instance's clients at once and queued for a NOTIFY on channel <see cref="Channel"/>
/// (sent in batches by one loop, in publish order);
/// every other instance holds one dedicated listening connection and hands what it hears to its own clients. An
/// instance ignores its own notices (it has already delivered them).
///
/// NOTIFY payloads must stay under 8000 bytes. Events are small (ids, counts) except a message, whose body may be 4000
/// characters (up to 12 KB as UTF-8): a larger payload is split into chunks sent in one implicit transaction (one batch),
/// so they commit together and listeners reassemble them. If the listening connection drops it reconnects with
/// back-off, and then tells its clients to "resync" — catch up from the database — because notices sent while it was
/// away are gone.
/// </summary>
public sealed partial class PostgresRealtimeBus : BackgroundService, IRealtimeBus, IInstanceSignals
{
    public const string Channel = "cp_realtime";
    private const int MaxInlineBytes = 7900;
    private const int ChunkBytes = 7000;

    private readonly IHubContext<CareHub> _hub;
    private readonly NpgsqlDataSource _publisher;
    private readonly string _listenConnectionString;
    private readonly ILogger<PostgresRealtimeBus> _log;
    private readonly string _instance = Guid.NewGuid().ToString("N")[..12];
    private readonly Channel<string> _heard = System.Threading.Channels.Channel.CreateUnbounded<string>(new() { SingleReader = true });
    private readonly ConcurrentDictionary<string, Chunks> _partial = new(StringComparer.Ordinal);
    private readonly Channel<string> _outbox = System.Threading.Channels.Channel.CreateUnbounded<string>(new() { SingleReader = true });
    private const int MaxNoticesPerBatch = 200;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly ConcurrentDictionary<string, Func<string?, CancellationToken, Task>> _signals = new(StringComparer.Ordinal);

    public void Subscribe(string signal, Func<string?, CancellationToken, Task> handler) => _signals[signal] = handler;

    public Task PublishAsync(string signal, string payload, CancellationToken ct = default)
    {
        foreach (var notice in Split($"#{signal}|signal|{payload}"))
        {
            _outbox.Writer.TryWrite(notice);
        }
        return Task.CompletedTask;
    }

    public PostgresRealtimeBus(IHubContext<CareHub> hub, string connectionString, ILogger<PostgresRealtimeBus> log)
    {
        _hub = hub;
        _log = log;
        // One sender loop uses it (NotifyAsync), so the database's connection limit stays for EF Core.
        _publisher = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 2 }.ConnectionString);
        // The listener must own its connection (a pooled one could be handed to someone else between waits); keepalive
        // notices a silently dead TCP connection so the reconnect loop runs.
        _listenConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 15 }.ConnectionString;
    }

    public async Task PublishAsync(string group, string method, object payload, CancellationToken ct = default)
    {
        await _hub.Clients.Group(group).SendAsync(method, payload, ct);
        var body = $"{group}|{method}|{JsonSerializer.Serialize(payload, payload.GetType(), JsonOptions)}";
        foreach (var notice in Split(body))
        {
            _outbox.Writer.TryWrite(notice);
        }
    }

    /// <summary>
    /// The one NOTIFY sender: takes everything waiting and sends it as one batch (one round trip, one transaction), in
    /// publish order. Why not a NOTIFY per publish: under 200 messages/s each message is three or more events, and a
    /// round trip per event kept a publisher connection busy per event and queued the callers behind the pool
    /// (docs/benchmarks.md). Callers do not wait for it: what an event describes is already stored, and clients on other
    /// instances catch up from the database on their next (re)connect or page open if a NOTIFY is lost.
    /// </summary>
    private async Task NotifyAsync(CancellationToken ct)
    {
        var batchNotices = new List<string>(MaxNoticesPerBatch);
        while (await _outbox.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batchNotices.Clear();
            while (batchNotices.Count < MaxNoticesPerBatch && _outbox.Reader.TryRead(out var notice))
            {
                batchNotices.Add(notice);
            }
            try
            {
                await using var batch = _publisher.CreateBatch();
                foreach (var notice in batchNotices)
                {
                    batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_notify($1, $2)") { Parameters = { new() { Value = Channel }, new() { Value = notice } } });
                }
                await batch.ExecuteNonQueryAsync(ct);
            }
            catch (Exception e) when (e is NpgsqlException or OperationCanceledException or System.Net.Sockets.SocketException or IOException)
            {
                LogNotifyFailed(_log, e, batchNotices.Count);
            }
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken);
        // Start-up waits (briefly) for the first LISTEN, so a message sent right after start on another instance is heard.
        await Task.WhenAny(_listening.Task, Task.Delay(TimeSpan.FromSeconds(10), cancellationToken));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var relay = RelayAsync(stoppingToken);
        var notify = NotifyAsync(CancellationToken.None); // drains what is queued at shutdown, then ends with the outbox
        var delay = TimeSpan.FromMilliseconds(250);
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_listenConnectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => _heard.Writer.TryWrite(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                _listening.TrySetResult();
                if (!first)
                {
                    LogReconnected(_log);
                    await _hub.Clients.All.SendAsync("resync", stoppingToken);
                }
                first = false;
                delay = TimeSpan.FromMilliseconds(250);
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or IOException or TimeoutException)
            {
                LogListenFailed(_log, e, delay);
                first = false;
                await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 10_000));
            }
        }
        _heard.Writer.TryComplete();
        _outbox.Writer.TryComplete();
        await relay;
        await notify.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public override void Dispose()
    {
        _publisher.Dispose();
        base.Dispose();
    }

    /// <summary>One reader, so events reach clients in the order PostgreSQL delivered them.</summary>
    private async Task RelayAsync(CancellationToken ct)
    {
        await foreach (var notice in _heard.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                if (Join(notice) is not { } body)
                {
                    continue;
                }
                var parts = body.Split('|', 3);
                if (parts[0].StartsWith('#'))
                {
                    if (_signals.TryGetValue(parts[0][1..], out var signal))
                    {
                        await signal(parts[2], ct);
                    }
                    continue;
                }
                using var json = JsonDocument.Parse(parts[2]);
                await _hub.Clients.Group(parts[0]).SendAsync(parts[1], json.RootElement.Clone(), ct);
            }
            catch (Exception e) when (e is JsonException or IndexOutOfRangeException or InvalidOperationException)
            {
                LogBadNotice(_log, e);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>"o|{instance}|{body}" when it fits, else "c|{instance}|{id}|{i}|{n}|{slice}" per chunk.</summary>
    private List<string> Split(string body)
    {
        if (Encoding.UTF8.GetByteCount(body) <= MaxInlineBytes)
        {
            return [$"o|{_instance}|{body}"];
        }
        var slices = new List<string>();
        var start = 0;
        while (start < body.Length)
        {
            var length = 0;
            var bytes = 0;
            while (start + length < body.Length)
            {
                var width = char.IsHighSurrogate(body[start + length]) && start + length + 1 < body.Length ? 2 : 1;
                var size = Encoding.UTF8.GetByteCount(body.AsSpan(start + length, width));
                if (bytes + size > ChunkBytes)
                {
                    break;
                }
                bytes += size;
                length += width;
            }
            slices.Add(body.Substring(start, length));
            start += length;
        }
        var id = Guid.NewGuid().ToString("N");
        return slices.Select((s, i) => $"c|{_instance}|{id}|{i}|{slices.Count}|{s}").ToList();
    }

    /// <summary>The whole body once all its chunks are here; null for our own notices and incomplete chunk sets.</summary>
    private string? Join(string notice)
    {
        var head = notice.Split('|', 3);
        if (head.Length < 3 || head[1] == _instance)
        {
            return null;
        }
        if (head[0] == "o")
        {
            return head[2];
        }
        var chunk = head[2].Split('|', 4);
        var (id, index, count) = (chunk[0], int.Parse(chunk[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(chunk[2], System.Globalization.CultureInfo.InvariantCulture));
        var set = _partial.GetOrAdd(id, _ => new Chunks(new string[count]));
        set.Parts[index] = chunk[3];
        if (set.Parts.Any(p => p is null))
        {
            return null;
        }
        _partial.TryRemove(id, out _);
        return string.Concat(set.Parts);
    }

    private sealed record Chunks(string?[] Parts);

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    [LoggerMessage(LogLevel.Warning, "Realtime listener lost its PostgreSQL connection; retrying in {Delay}")]
    private static partial void LogListenFailed(ILogger logger, Exception e, TimeSpan delay);

    [LoggerMessage(LogLevel.Information, "Realtime listener reconnected; clients told to catch up")]
    private static partial void LogReconnected(ILogger logger);

    [LoggerMessage(LogLevel.Warning, "Could not NOTIFY other instances of {Count} events")]
    private static partial void LogNotifyFailed(ILogger logger, Exception e, int count);

    [LoggerMessage(LogLevel.Warning, "Ignored a malformed realtime notice")]
    private static partial void LogBadNotice(ILogger logger, Exception e);
}
