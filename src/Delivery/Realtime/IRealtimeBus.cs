using Microsoft.AspNetCore.SignalR;

namespace ContentPlatform.Delivery.Realtime;

/// <summary>
/// Sends an event to a SignalR group of the app's live hub on every Delivery instance (in-process with one instance,
/// over the Redis backplane with <c>Realtime:Redis</c>). Call it after the data the event describes is committed, so a
/// client that reacts by reading from the database finds it. Delivery is best effort (a client that was offline catches
/// up from the database); payloads should be small: ids and counts, or one message.
/// </summary>
public interface IRealtimeBus
{
    /// <param name="group">From <see cref="RealtimeGroups"/>.</param>
    /// <param name="method">The client-side event name, e.g. "message", "read", "caseload".</param>
    /// <param name="payload">Serialized as JSON (camelCase), exactly as SignalR does for local clients.</param>
    Task PublishAsync(string group, string method, object payload, CancellationToken ct = default);
}

/// <summary>
/// The bus over one hub. The hub type comes from the feature that owns it (<c>AddRealtimeHub&lt;THub&gt;</c>), so this
/// folder names no feature; crossing instances is the hub lifetime manager's job (<see cref="FailoverHubLifetimeManager{THub}"/>).
/// </summary>
public sealed class HubRealtimeBus<THub>(IHubContext<THub> hub) : IRealtimeBus where THub : Hub
{
    public Task PublishAsync(string group, string method, object payload, CancellationToken ct = default) =>
        hub.Clients.Group(group).SendAsync(method, payload, ct);
}
