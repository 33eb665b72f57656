namespace ContentPlatform.Delivery.Realtime;

/// <summary>
/// Names of the SignalR groups on the live hub. A connection joins a group only after the hub has checked the user's
/// role and ownership, so publishing to a group reaches exactly the people allowed to see it.
/// </summary>
public static class RealtimeGroups
{
    /// <summary>One member of staff, on every device they are connected from (caseload updates, new-message notices).</summary>
    public static string Staff(string userId) => $"staff:{userId}";

    /// <summary>Everyone currently viewing one enrollment's message thread (the patient and care-team members).</summary>
    public static string Enrollment(Guid enrollmentId) => $"enrollment:{enrollmentId:D}";

    /// <summary>The <see cref="IInstanceSignals"/> signal for access taken away (<see cref="BusAccessRevocations"/>).</summary>
    public const string Revocation = "revocation";
}
