using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ContentPlatform.Platform.Hosting;

/// <summary>
/// Takes access away at once, on every instance (docs/security.md, "Revocation"). Either user-wide — sessions issued
/// before now are checked against the database at their next request, and the user's live hub connections are closed —
/// or for one group only (a colleague removed from a care team): the user's live connections leave that group.
/// </summary>
public interface IAccessRevocations
{
    Task RevokeUserAsync(string userId, CancellationToken ct = default);

    /// <param name="group">A hub group name, e.g. Delivery's <c>enrollment:{id}</c>.</param>
    Task RevokeGroupAsync(string userId, string group, CancellationToken ct = default);

    /// <summary>One session of the user (<see cref="Sessions.LoginSession"/>): its cookie is refused and its connections close.</summary>
    Task RevokeSessionAsync(string userId, string sessionId, CancellationToken ct = default);
}

/// <summary>
/// A revocation as it travels between instances: a user, and the group or the one session it is limited to (both null:
/// user-wide).
/// </summary>
public sealed record AccessRevoked(string UserId, string? Group, string? Session = null);

/// <summary>
/// Something an app keeps in memory that a revocation must take away on this instance (Delivery's cache of who may write
/// in a thread). Told before the live connections are changed, so nothing it kept can outlast what the revocation closed.
/// </summary>
public interface IAccessRevocationObserver
{
    void Revoked(AccessRevoked revoked);

    /// <summary>Revocations may have been missed (the instances were cut off from each other): forget everything.</summary>
    void MayHaveMissed();
}

/// <summary>What a revocation does on one instance: the same whether it was made here or heard from another instance.</summary>
public sealed class AccessRevocationHere(RevokedSessions sessions, LiveHubConnections connections, Sessions.LoginSessionState loginSessions,
    IEnumerable<IAccessRevocationObserver> observers)
{
    /// <summary>Revocations may have been missed while this instance was cut off (a Redis outage): observers forget what they kept.</summary>
    public void MayHaveMissed()
    {
        foreach (var observer in observers)
        {
            observer.MayHaveMissed();
        }
    }

    public async Task ApplyAsync(AccessRevoked revoked)
    {
        foreach (var observer in observers)
        {
            observer.Revoked(revoked);
        }
        if (revoked.Session is not null)
        {
            loginSessions.End(revoked.Session);
            connections.AbortSession(revoked.UserId, revoked.Session);
        }
        else if (revoked.Group is null)
        {
            sessions.Revoke(revoked.UserId);
            connections.Abort(revoked.UserId);
        }
        else
        {
            await connections.RemoveFromGroupAsync(revoked.UserId, revoked.Group);
        }
    }
}

/// <summary>
/// One instance, nothing to tell anyone (the Cms, and Delivery on SQLite before its bus replaces this): apply here.
/// </summary>
public sealed class LocalAccessRevocations(AccessRevocationHere here) : IAccessRevocations
{
    public Task RevokeUserAsync(string userId, CancellationToken ct = default) => here.ApplyAsync(new AccessRevoked(userId, null));

    public Task RevokeGroupAsync(string userId, string group, CancellationToken ct = default) =>
        here.ApplyAsync(new AccessRevoked(userId, group));

    public Task RevokeSessionAsync(string userId, string sessionId, CancellationToken ct = default) =>
        here.ApplyAsync(new AccessRevoked(userId, null, sessionId));
}

public static class AccessRevocationSetup
{
    /// <summary>
    /// The revocation parts both apps share. An app with several instances registers its own <see cref="IAccessRevocations"/>
    /// (Delivery: over its realtime bus) before or after this; <c>TryAdd</c> keeps it.
    /// </summary>
    public static IServiceCollection AddAccessRevocation(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(AccessRevocationHere)))
        {
            return services; // the hub filter must be added once
        }
        services.TryAddSingleton<RevokedSessions>();
        services.TryAddSingleton<Sessions.LoginSessionState>();
        services.TryAddSingleton<LiveHubConnections>();
        services.TryAddSingleton<AccessRevocationHere>();
        services.TryAddSingleton<IAccessRevocations, LocalAccessRevocations>();
        services.AddSignalR(o => o.AddFilter<LiveHubConnections.Filter>());
        return services;
    }
}
