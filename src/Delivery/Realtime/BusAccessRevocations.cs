using System.Text.Json;
using ContentPlatform.Platform.Hosting;

namespace ContentPlatform.Delivery.Realtime;

/// <summary>
/// Revocations on every Delivery instance: applied here at once, then signalled (<see cref="IInstanceSignals"/>) so the
/// other instances close (or take out of a thread's group) the live connections they hold, and check the user's old
/// cookies at their next request. Best effort like every signal: an instance that misses it still refuses a new hub
/// connection on an old cookie (the stamp check at connect), and every hub call asks the care-team rule again.
/// </summary>
public sealed class BusAccessRevocations : IAccessRevocations
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly AccessRevocationHere _here;
    private readonly IInstanceSignals _signals;

    public BusAccessRevocations(AccessRevocationHere here, IInstanceSignals signals)
    {
        _here = here;
        _signals = signals;
        signals.Subscribe(RealtimeGroups.Revocation, HearAsync);
    }

    public Task RevokeUserAsync(string userId, CancellationToken ct = default) => RevokeAsync(new AccessRevoked(userId, null), ct);

    public Task RevokeGroupAsync(string userId, string group, CancellationToken ct = default) => RevokeAsync(new AccessRevoked(userId, group), ct);

    public Task RevokeSessionAsync(string userId, string sessionId, CancellationToken ct = default) =>
        RevokeAsync(new AccessRevoked(userId, null, sessionId), ct);

    private async Task HearAsync(string? payloadJson, CancellationToken ct)
    {
        // Null: revocations may have been missed in an outage. Nothing to replay: the stamp check at connect and at
        // each request, and the care-team check in every hub call, still hold — once what was cached is forgotten.
        if (payloadJson is null)
        {
            _here.MayHaveMissed();
        }
        else if (JsonSerializer.Deserialize<AccessRevoked>(payloadJson, Json) is { UserId: not null } revoked)
        {
            await _here.ApplyAsync(revoked);
        }
    }

    private async Task RevokeAsync(AccessRevoked revoked, CancellationToken ct)
    {
        await _here.ApplyAsync(revoked);
        await _signals.PublishAsync(RealtimeGroups.Revocation, JsonSerializer.Serialize(revoked, Json), ct);
    }
}
