using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ContentPlatform.Delivery.Telemetry;

/// <summary>
/// Delivery's own spans and instruments (docs/observability.md). Like an ActivitySource, a Meter is a process-wide name,
/// so both are static: a feature records with one line and needs no new constructor parameter. Labels are fixed words
/// (a sender side, a progress verb): never a name, an address, an id of a person or any text someone wrote.
/// </summary>
public static class DeliveryTelemetry
{
    public const string Name = "ContentPlatform.Delivery";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> MessagesStored = Meter.CreateCounter<long>("contentplatform.messages.stored", "{message}",
        "Messages committed to the database (label sender: patient or staff).");

    public static readonly Counter<long> MessagesDelivered = Meter.CreateCounter<long>("contentplatform.messages.delivered", "{message}",
        "Stored messages handed to live delivery (the thread's group and the care team's caseloads).");

    public static readonly Counter<long> ProgressEvents = Meter.CreateCounter<long>("contentplatform.progress.events", "{event}",
        "Progress statements recorded (label verb: viewed, answered, passed, completed).");

    public static KeyValuePair<string, object?> Sender(bool fromPatient) => new("sender", fromPatient ? "patient" : "staff");

    public static KeyValuePair<string, object?> Verb(string verb) => new("verb", verb);
}
