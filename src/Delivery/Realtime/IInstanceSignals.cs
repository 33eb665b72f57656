namespace ContentPlatform.Delivery.Realtime;

/// <summary>
/// Things every Delivery instance must do that no client hears (page-cache eviction, access revocation): a feature
/// subscribes to a named signal at start-up and publishes it after acting on its own instance; the other instances'
/// handlers run with the payload. One instance: nothing crosses. With <c>Realtime:Redis</c>: Redis pub/sub on the
/// backplane's connection. Best effort: after a Redis outage every handler is called once with a null payload, meaning
/// "signals may have been lost while cut off" (the page cache then evicts everything).
/// </summary>
public interface IInstanceSignals
{
    /// <summary>Tells the other instances; the caller has already acted here.</summary>
    Task PublishAsync(string signal, string payload, CancellationToken ct = default);

    /// <summary>One handler per signal; it receives null after an outage (see the type's summary).</summary>
    void Subscribe(string signal, Func<string?, CancellationToken, Task> handler);
}

/// <summary>One instance: there is nobody else to tell.</summary>
public sealed class LocalInstanceSignals : IInstanceSignals
{
    public Task PublishAsync(string signal, string payload, CancellationToken ct = default) => Task.CompletedTask;

    public void Subscribe(string signal, Func<string?, CancellationToken, Task> handler)
    {
    }
}
