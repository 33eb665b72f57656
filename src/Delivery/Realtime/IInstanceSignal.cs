namespace ContentPlatform.Delivery.Realtime;

/// <summary>
/// Something every instance must do, not something clients hear: a group whose name starts with '#'
/// (<see cref="RealtimeGroups.PageCache"/>, <see cref="RealtimeGroups.Revocation"/>). The publisher acts on its own
/// instance itself, then publishes through <see cref="IRealtimeBus"/>; a bus that crosses instances hands what it hears
/// for such a group to the handler registered for it, with the payload as JSON. Any bus (PostgreSQL today, Redis later)
/// needs only this to carry them.
/// </summary>
public interface IInstanceSignal
{
    /// <summary>The group name, starting with '#'.</summary>
    string Group { get; }

    Task HearAsync(string payloadJson, CancellationToken ct);
}
