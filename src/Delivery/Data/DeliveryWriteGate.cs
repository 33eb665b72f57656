namespace ContentPlatform.Delivery.Data;

/// <summary>
/// One writer at a time on SQLite. Concurrent writers on separate connections collide on SQLite's single write lock
/// (Microsoft.Data.Sqlite retries with 150 ms sleeps; measured in TOOLCHAIN.md), so every write transaction in Delivery
/// waits here first. PostgreSQL has row locks and needs no gate: there it is a no-op.
/// </summary>
public sealed class DeliveryWriteGate(bool serialize) : IDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    public void Dispose() => _writer.Dispose();

    public async ValueTask<Turn> EnterAsync(CancellationToken ct = default)
    {
        if (!serialize)
        {
            return default;
        }
        await _writer.WaitAsync(ct);
        return new Turn(_writer);
    }

    public readonly struct Turn(SemaphoreSlim? writer) : IDisposable
    {
        public void Dispose() => writer?.Release();
    }
}
