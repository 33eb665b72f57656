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
public sealed class LiveHubConnections(RevokedSessions revoked, Sessions.LoginSessionState sessions)
{
    private readonly RevokedSessions _revoked = revoked;
    private readonly Sessions.LoginSessionState _sessions = sessions;
    private sealed record Live(HubCallerContext Context, IGroupManager Groups, string? Session);

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

    /// <summary>Closes the user's connections opened with the cookie of one session (<see cref="Sessions.LoginSession"/>).</summary>
    public int AbortSession(string userId, string sessionId)
    {
        if (!_byUser.TryGetValue(userId, out var connections))
        {
            return 0;
        }
        var closed = 0;
        foreach (var live in connections.Values.Where(l => l.Session == sessionId))
        {
            live.Context.Abort();
            closed++;
        }
        return closed;
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
        _byUser.GetOrAdd(userId, _ => new(StringComparer.Ordinal))[context.ConnectionId] = new Live(context, groups, Filter.Session(context));

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
                if ((IssuedUtc(context.Context) is { } issued && registry._revoked.IsRevoked(userId, issued)) ||
                    (Session(context.Context) is { } session && registry._sessions.IsEnded(session)))
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

        internal static string? Session(HubCallerContext context) =>
            context.GetHttpContext()?.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Properties?.GetString(Sessions.LoginSessionCookie.SessionItem);

        private static DateTimeOffset? IssuedUtc(HubCallerContext context) =>
            context.GetHttpContext()?.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Properties?.IssuedUtc;
    }
}
