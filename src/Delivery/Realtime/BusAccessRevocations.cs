using System.Text.Json;
using ContentPlatform.Platform.Hosting;

namespace ContentPlatform.Delivery.Realtime;

/// <summary>
/// Revocations on every Delivery instance: applied here at once, then published through <see cref="IRealtimeBus"/> so the
/// other instances close (or take out of a thread's group) the live connections they hold, and check the user's old
/// cookies at their next request. Best effort like every event: an instance that misses it still refuses a new hub
/// connection on an old cookie (the stamp check at connect), and every hub call asks the care-team rule again.
/// </summary>
public sealed class BusAccessRevocations(AccessRevocationHere here, IRealtimeBus bus) : IAccessRevocations, IInstanceSignal
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Group => RealtimeGroups.Revocation;

    public Task RevokeUserAsync(string userId, CancellationToken ct = default) => RevokeAsync(new AccessRevoked(userId, null), ct);

    public Task RevokeGroupAsync(string userId, string group, CancellationToken ct = default) => RevokeAsync(new AccessRevoked(userId, group), ct);

    public async Task HearAsync(string payloadJson, CancellationToken ct)
    {
        if (JsonSerializer.Deserialize<AccessRevoked>(payloadJson, Json) is { UserId: not null } revoked)
        {
            await here.ApplyAsync(revoked);
        }
    }

    private async Task RevokeAsync(AccessRevoked revoked, CancellationToken ct)
    {
        await here.ApplyAsync(revoked);
        await bus.PublishAsync(RealtimeGroups.Revocation, "revoke", revoked, ct);
    }
}
