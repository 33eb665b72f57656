using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ContentPlatform.Delivery.Realtime;

/// <summary>
/// The one Redis connection (multiplexer) of an instance, shared by the SignalR backplane and the instance signals.
/// It never fails start-up or a request because Redis is away: it connects in the background, reconnects by itself
/// (back-off 250 ms → 5 s), and a command while disconnected fails at once instead of waiting in a backlog and
/// arriving late. <see cref="Restored"/> tells the parts that must catch up.
/// </summary>
public sealed partial class RedisConnection : IAsyncDisposable
{
    private readonly Lazy<Task<IConnectionMultiplexer>> _multiplexer;
    private readonly ILogger<RedisConnection> _log;
    private volatile string? _lastFailure = "not connected yet";

    public RedisConnection(IOptions<RealtimeOptions> options, ILogger<RedisConnection> log)
    {
        _log = log;
        var configuration = ConfigurationOptions.Parse(options.Value.Redis!); // checked at start-up
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ReconnectRetryPolicy = new ExponentialRetry(250, 5000);
        configuration.ClientName ??= "contentplatform-delivery";
        // Every channel (backplane and signals) carries this prefix, so one Redis can serve several sites or apps;
        // `channelPrefix=` in the configuration string chooses another.
        if (configuration.ChannelPrefix.IsNullOrEmpty)
        {
            configuration.ChannelPrefix = RedisChannel.Literal("contentplatform:");
        }
        _multiplexer = new(() => ConnectAsync(configuration));
    }

    /// <summary>Raised (on the thread pool) when the subscription connection is back after an outage.</summary>
    public event Func<Task>? Restored;

    /// <summary>
    /// Raised (on the thread pool) when another instance announces that its Redis connection is back. Instances reconnect
    /// at different moments: what that instance sent while only this one was back fanned out on its own connections
    /// alone, so clients here must catch up again.
    /// </summary>
    public event Func<Task>? PeerRestored;

    /// <summary>Called by the instance signals when they hear another instance's "back" announcement.</summary>
    internal void OnPeerRestored() => Raise(PeerRestored);

    /// <summary>Why Redis is unreachable, for /health; null while connected.</summary>
    public string? LastFailure => IsConnected ? null : _lastFailure;

    public bool IsConnected => _multiplexer.IsValueCreated && _multiplexer.Value.IsCompletedSuccessfully && _multiplexer.Value.Result.IsConnected;

    public Task<IConnectionMultiplexer> GetAsync() => _multiplexer.Value;

    private void Raise(Func<Task>? handlers)
    {
        if (handlers is null)
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            foreach (var handler in handlers.GetInvocationList().Cast<Func<Task>>())
            {
                try
                {
                    await handler();
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException or InvalidOperationException)
                {
                    LogCatchUpFailed(_log, ex);
                }
            }
        });
    }

    private async Task<IConnectionMultiplexer> ConnectAsync(ConfigurationOptions configuration)
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
        multiplexer.ConnectionFailed += (_, e) =>
        {
            _lastFailure = $"{e.FailureType} ({e.EndPoint}): {e.Exception?.GetBaseException().Message}";
            LogLost(_log, e.ConnectionType, _lastFailure);
        };
        multiplexer.ConnectionRestored += (_, e) =>
        {
            LogRestored(_log, e.ConnectionType);
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                Raise(Restored);
            }
        };
        if (!multiplexer.IsConnected)
        {
            LogLost(_log, ConnectionType.None, "not reachable at start-up; retrying in the background");
        }
        return multiplexer;
    }

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer.IsValueCreated)
        {
            await (await _multiplexer.Value).DisposeAsync();
        }
    }

    [LoggerMessage(LogLevel.Warning, "Redis connection lost ({ConnectionType}): {Reason}; live events stay on this instance until it is back")]
    private static partial void LogLost(ILogger logger, ConnectionType connectionType, string reason);

    [LoggerMessage(LogLevel.Information, "Redis connection restored ({ConnectionType})")]
    private static partial void LogRestored(ILogger logger, ConnectionType connectionType);

    [LoggerMessage(LogLevel.Warning, "Catching up after a Redis outage failed; the next restore tries again")]
    private static partial void LogCatchUpFailed(ILogger logger, Exception e);
}
