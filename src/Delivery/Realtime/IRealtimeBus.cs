namespace ContentPlatform.Delivery.Realtime;

/// <summary>
/// Sends an event to a SignalR group on <c>/hubs/care</c> on every Delivery instance: in-process with SQLite (one
/// instance), over PostgreSQL LISTEN/NOTIFY with Postgres. Call it after the data the event describes is committed, so
/// a client that reacts by reading from the database finds it. Delivery is best effort (a client that was offline
/// catches up from the database); payloads should be small: ids and counts, or one message.
/// </summary>
public interface IRealtimeBus
{
    /// <param name="group">From <see cref="RealtimeGroups"/>.</param>
    /// <param name="method">The client-side event name, e.g. "message", "read", "caseload".</param>
    /// <param name="payload">Serialized as JSON (camelCase), exactly as SignalR does for local clients.</param>
    Task PublishAsync(string group, string method, object payload, CancellationToken ct = default);
}
