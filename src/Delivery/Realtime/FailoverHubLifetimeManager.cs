using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using StackExchange.Redis;

namespace ContentPlatform.Delivery.Realtime;

/// <summary>
/// SignalR scale-out on the Redis backplane (<see cref="RedisHubLifetimeManager{THub}"/>) that keeps working on its own
/// instance while Redis is away. Every connection and group is kept by an in-process manager too: a send goes to this
/// instance's connections in-process (at once, no Redis round trip) and to the other instances through Redis, with this
/// instance's connections excluded so nobody gets it twice. While Redis is away the Redis half is skipped; when it
/// returns, connections and groups that changed meanwhile are registered again and this instance's clients are told to
/// "resync" (catch up from the database), because what other instances sent meanwhile is gone.
/// </summary>
public sealed partial class FailoverHubLifetimeManager<THub> : HubLifetimeManager<THub>, IDisposable where THub : Hub
{
    private readonly DefaultHubLifetimeManager<THub> _local;
    private readonly RedisHubLifetimeManager<THub> _redis;
    private readonly RedisConnection _connection;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<string, Member> _members = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _groups = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _resync = new(1, 1);

    public FailoverHubLifetimeManager(IServiceProvider services, RedisConnection connection, ILogger<FailoverHubLifetimeManager<THub>> log)
    {
        _local = ActivatorUtilities.CreateInstance<DefaultHubLifetimeManager<THub>>(services);
        _redis = ActivatorUtilities.CreateInstance<RedisHubLifetimeManager<THub>>(services);
        _connection = connection;
        _log = log;
        connection.Restored += ResyncAsync;
        connection.PeerRestored += CatchUpAfterPeerAsync;
    }

    /// <summary>A connection on this instance: its groups, and what the Redis manager knows of it.</summary>
    private sealed class Member(HubConnectionContext context)
    {
        public HubConnectionContext Context { get; } = context;
        public ConcurrentDictionary<string, byte> Groups { get; } = new(StringComparer.Ordinal);
        public ConcurrentDictionary<string, byte> RedisGroups { get; } = new(StringComparer.Ordinal);
        public bool OnRedis { get; set; }
    }

    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        var member = new Member(connection);
        _members[connection.ConnectionId] = member;
        await _local.OnConnectedAsync(connection);
        await TryRedisAsync(async () =>
        {
            await _redis.OnConnectedAsync(connection);
            member.OnRedis = true;
        });
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        if (_members.TryRemove(connection.ConnectionId, out var member))
        {
            foreach (var group in member.Groups.Keys)
            {
                LeaveLocalGroup(connection.ConnectionId, group);
            }
            if (member.OnRedis)
            {
                // Even while Redis is away: the Redis manager forgets the connection before it unsubscribes.
                await TryRedisAsync(() => _redis.OnDisconnectedAsync(connection), evenIfDown: true);
            }
        }
        await _local.OnDisconnectedAsync(connection);
    }

    public override async Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        if (!_members.TryGetValue(connectionId, out var member))
        {
            await TryRedisAsync(() => _redis.AddToGroupAsync(connectionId, groupName, cancellationToken)); // another instance's
            return;
        }
        member.Groups[groupName] = 0;
        _groups.GetOrAdd(groupName, _ => new(StringComparer.Ordinal))[connectionId] = 0;
        await _local.AddToGroupAsync(connectionId, groupName, cancellationToken);
        if (member.OnRedis)
        {
            await TryRedisAsync(async () =>
            {
                await _redis.AddToGroupAsync(connectionId, groupName, cancellationToken);
                member.RedisGroups[groupName] = 0;
            });
        }
    }

    public override async Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        if (!_members.TryGetValue(connectionId, out var member))
        {
            await TryRedisAsync(() => _redis.RemoveFromGroupAsync(connectionId, groupName, cancellationToken));
            return;
        }
        member.Groups.TryRemove(groupName, out _);
        LeaveLocalGroup(connectionId, groupName);
        await _local.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);
        if (member.RedisGroups.ContainsKey(groupName))
        {
            // A revocation must hold at once: the Redis manager drops the member locally even if the unsubscribe fails.
            await TryRedisAsync(async () =>
            {
                await _redis.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);
                member.RedisGroups.TryRemove(groupName, out _);
            }, evenIfDown: true);
        }
    }

    public override async Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        await _local.SendGroupAsync(groupName, methodName, args, cancellationToken);
        await TryRedisAsync(() => _redis.SendGroupExceptAsync(groupName, methodName, args, LocalIds(groupName), cancellationToken));
    }

    public override async Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds,
        CancellationToken cancellationToken = default)
    {
        await _local.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken);
        await TryRedisAsync(() => _redis.SendGroupExceptAsync(groupName, methodName, args, [.. excludedConnectionIds, .. LocalIds(groupName)], cancellationToken));
    }

    public override async Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        foreach (var group in groupNames)
        {
            await SendGroupAsync(group, methodName, args, cancellationToken);
        }
    }

    public override async Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        await _local.SendAllAsync(methodName, args, cancellationToken);
        await TryRedisAsync(() => _redis.SendAllExceptAsync(methodName, args, [.. _members.Keys], cancellationToken));
    }

    public override async Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default)
    {
        await _local.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken);
        await TryRedisAsync(() => _redis.SendAllExceptAsync(methodName, args, [.. excludedConnectionIds, .. _members.Keys], cancellationToken));
    }

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _members.ContainsKey(connectionId)
            ? _local.SendConnectionAsync(connectionId, methodName, args, cancellationToken)
            : TryRedisAsync(() => _redis.SendConnectionAsync(connectionId, methodName, args, cancellationToken));

    public override async Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        foreach (var id in connectionIds)
        {
            await SendConnectionAsync(id, methodName, args, cancellationToken);
        }
    }

    /// <summary>Users are reached through their connections here and, past the excluded local ones, nowhere else cheaply: the
    /// app sends to groups only. Through Redis when it is up (it reaches this instance too), else in-process.</summary>
    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _connection.IsConnected
            ? _redis.SendUserAsync(userId, methodName, args, cancellationToken)
            : _local.SendUserAsync(userId, methodName, args, cancellationToken);

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _connection.IsConnected
            ? _redis.SendUsersAsync(userIds, methodName, args, cancellationToken)
            : _local.SendUsersAsync(userIds, methodName, args, cancellationToken);

    public void Dispose()
    {
        _connection.Restored -= ResyncAsync;
        _connection.PeerRestored -= CatchUpAfterPeerAsync;
        _redis.Dispose();
        _resync.Dispose();
    }

    private string[] LocalIds(string group) => _groups.TryGetValue(group, out var ids) ? [.. ids.Keys] : [];

    private void LeaveLocalGroup(string connectionId, string group)
    {
        if (_groups.TryGetValue(group, out var ids))
        {
            ids.TryRemove(connectionId, out _);
            if (ids.IsEmpty)
            {
                _groups.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, byte>>(group, ids));
            }
        }
    }

    /// <summary>The Redis half: skipped while Redis is away, and a failure never fails the caller (the local half is done).</summary>
    private async Task TryRedisAsync(Func<Task> action, bool evenIfDown = false)
    {
        if (!evenIfDown && !_connection.IsConnected)
        {
            return;
        }
        try
        {
            await action();
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            LogRedisSkipped(_log, e.GetType().Name);
        }
    }

    /// <summary>After an outage: what changed meanwhile goes to the Redis manager, then clients here catch up.</summary>
    private async Task ResyncAsync()
    {
        await _resync.WaitAsync();
        try
        {
            foreach (var (id, member) in _members)
            {
                if (!member.OnRedis)
                {
                    await _redis.OnConnectedAsync(member.Context);
                    member.OnRedis = true;
                }
                foreach (var gone in member.RedisGroups.Keys.Except(member.Groups.Keys))
                {
                    await _redis.RemoveFromGroupAsync(id, gone);
                    member.RedisGroups.TryRemove(gone, out _);
                }
                foreach (var group in member.Groups.Keys.Except(member.RedisGroups.Keys))
                {
                    await _redis.AddToGroupAsync(id, group);
                    member.RedisGroups[group] = 0;
                }
            }
        }
        finally
        {
            _resync.Release();
        }
        LogResynced(_log, _members.Count);
        await _local.SendAllAsync("resync", []);
    }

    /// <summary>
    /// Another instance is back on Redis: what it sent before then reached only its own connections, so clients here
    /// catch up from the database once more (this instance's own restore may have come first and caught up too early).
    /// </summary>
    private Task CatchUpAfterPeerAsync() => _local.SendAllAsync("resync", []);

    [LoggerMessage(LogLevel.Debug, "Redis half of a hub operation skipped ({Reason}); this instance's connections were served")]
    private static partial void LogRedisSkipped(ILogger logger, string reason);

    [LoggerMessage(LogLevel.Information, "Redis is back: {Count} local connections registered again and told to catch up")]
    private static partial void LogResynced(ILogger logger, int count);
}
