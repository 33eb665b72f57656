using System.Diagnostics;
using System.Threading.Channels;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Messaging;

/// <summary>
/// The single SQLite writer for messages: one loop takes whatever is waiting and writes it in one transaction, then
/// answers each caller. Why: under load (docs/benchmarks.md) one INSERT per hub call, each taking its own turn at the
/// write gate, spent 7 ms on average inside SaveChanges (max 300 ms) where a bare SQLite insert takes 0.2 ms, and every
/// turn is a hand-over through the thread pool. Batching makes it one turn for everything waiting, and the write is
/// synchronous because SQLite has no I/O wait worth yielding for while holding the gate. With the compiled thread
/// check and pooled contexts it keeps 200 messages/s at p99 14 ms (docs/benchmarks.md); PostgreSQL does not use it.
/// </summary>
public sealed class MessageWriter(IServiceScopeFactory scopes, DeliveryWriteGate gate) : BackgroundService
{
    private const int MaxBatch = 256;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <param name="Caller">The sender's span (its "message store"), which the batch's span links to.</param>
    private sealed record Pending(Message Message, TaskCompletionSource<Message> Stored, ActivityContext Caller = default);

    /// <summary>Stores the message and returns it with its id; a duplicate (sender, client id) throws DbUpdateException.</summary>
    public async Task<Message> StoreAsync(Message message, CancellationToken ct)
    {
        var pending = new Pending(message, new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously),
            Activity.Current?.Context ?? default);
        await _queue.Writer.WriteAsync(pending, ct);
        return await pending.Stored.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }
            // One batch serves many senders: its span is linked to each sender's, not a child of any one of them.
            using var span = DeliveryTelemetry.Source.StartActivity("message write batch", ActivityKind.Internal, parentContext: default,
                links: batch.Where(p => p.Caller != default).Select(p => new ActivityLink(p.Caller)));
            span?.SetTag("messaging.batch.message_count", batch.Count);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
            using (await gate.EnterAsync(stoppingToken))
            {
                try
                {
                    Write(db, batch);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The database is gone or full: every caller gets the error (and keeps its draft); the loop lives on.
                    batch.ForEach(p => p.Stored.TrySetException(e));
                }
            }
        }
    }

    private static void Write(DeliveryDbContext db, List<Pending> batch)
    {
        try
        {
            db.Messages.AddRange(batch.Select(p => p.Message));
            db.SaveChanges();
            batch.ForEach(p => p.Stored.TrySetResult(p.Message));
            return;
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
        {
            db.ChangeTracker.Clear(); // one resend (unique client id) spoils the batch: store one by one, each its own answer
        }
        foreach (var pending in batch)
        {
            var fresh = Copy(pending.Message);
            try
            {
                db.Messages.Add(fresh);
                db.SaveChanges();
                pending.Stored.TrySetResult(fresh);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
            {
                db.ChangeTracker.Clear();
                pending.Stored.TrySetException(e);
            }
        }
    }

    private static Message Copy(Message m) => new()
    {
        EnrollmentId = m.EnrollmentId, SenderId = m.SenderId, SenderName = m.SenderName, FromPatient = m.FromPatient, Body = m.Body,
        ClientId = m.ClientId, SentAt = m.SentAt,
    };
}
