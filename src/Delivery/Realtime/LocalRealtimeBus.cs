using Microsoft.AspNetCore.SignalR;

namespace ContentPlatform.Delivery.Realtime;

/// <summary>SQLite means one instance: the hub's own group fan-out is the whole bus.</summary>
public sealed class LocalRealtimeBus(IHubContext<CareHub> hub) : IRealtimeBus
{
    public Task PublishAsync(string group, string method, object payload, CancellationToken ct = default) =>
        hub.Clients.Group(group).SendAsync(method, payload, ct);
}
