using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.SignalR;

namespace ContentPlatform.Platform.Hosting;

/// <summary>
/// This instance's open hub connections (every hub of the app), by user, so a revocation can act on connections that were
/// authorized when they opened: close them (user-wide) or take them out of one group. A connection that was being
/// authorized while the revocation ran is closed as it registers (see <see cref="Filter"/>).
/// </summary>
public sealed class LiveHubConnections(RevokedSessions revoked)
{
    private readonly RevokedSessions _revoked = revoked;
    private sealed record Live(HubCallerContext Context, IGroupManager Groups);

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Live>> _byUser = new(StringComparer.Ordinal);

    /// <summary>Closes every connection of the user on this instance; returns how many.</summary>
    public int Abort(string userId)
    {
        if (!_byUser.TryGetValue(userId, out var connections))
        {
            return 0;
        }
        foreach (var live in connections.Values)
        {
            live.Context.Abort();
        }
        return connections.Count;
    }

    /// <summary>Takes every connection of the user on this instance out of <paramref name="group"/> (a no-op where not in it).</summary>
    public async Task RemoveFromGroupAsync(string userId, string group)
    {
        if (_byUser.TryGetValue(userId, out var connections))
        {
            foreach (var live in connections.Values)
            {
                await live.Groups.RemoveFromGroupAsync(live.Context.ConnectionId, group);
            }
        }
    }

    private void Add(string userId, HubCallerContext context, IGroupManager groups) =>
        _byUser.GetOrAdd(userId, _ => new(StringComparer.Ordinal))[context.ConnectionId] = new Live(context, groups);

    private void Remove(string userId, HubCallerContext context)
    {
        if (_byUser.TryGetValue(userId, out var connections))
        {
            connections.TryRemove(context.ConnectionId, out _);
            if (connections.IsEmpty)
            {
                _byUser.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, Live>>(userId, connections));
            }
        }
    }

    /// <summary>Registers each connection of every hub as it opens and forgets it when it closes.</summary>
    public sealed class Filter(LiveHubConnections registry) : IHubFilter
    {
        public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
        {
            if (UserId(context.Context) is { } userId)
            {
                registry.Add(userId, context.Context, context.Hub.Groups);
                // Authorized with a cookie issued before a revocation that ran while this connection was being set up.
                if (IssuedUtc(context.Context) is { } issued && registry._revoked.IsRevoked(userId, issued))
                {
                    context.Context.Abort();
                    return;
                }
            }
            await next(context);
        }

        public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
        {
            if (UserId(context.Context) is { } userId)
            {
                registry.Remove(userId, context.Context);
            }
            await next(context, exception);
        }

        private static string? UserId(HubCallerContext context) => context.User?.FindFirstValue(ClaimTypes.NameIdentifier);

        private static DateTimeOffset? IssuedUtc(HubCallerContext context) =>
            context.GetHttpContext()?.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Properties?.IssuedUtc;
    }
}
