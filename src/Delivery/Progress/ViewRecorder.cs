using System.Threading.Channels;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Progress;

/// <summary>
/// Records "viewed" statements — the most frequent progress write, one per page a patient moves to — through one writer
/// that commits everything waiting in a single transaction (group commit), then answers each caller. A caller's view is
/// acknowledged only after its commit, so nothing acknowledged is lost if the process dies. Why: one transaction per
/// view, each taking its turn at the SQLite write gate, capped the app at ≈1,000 views/s against ≈3,000–6,000 bare
/// INSERTs/s (docs/benchmarks.md); a batch shares one commit and one gate turn.
/// Each view is the event row, the module's "started" row (inserted once) and the enrollment's "continue" position, as
/// the other progress statements do through <see cref="ProgressRecorder"/>; a page read for the first time also updates
/// the enrollment's percentage of its plan read (<see cref="PatientPlans.UpdateAsync"/>).
/// </summary>
public sealed partial class ViewRecorder(IServiceScopeFactory scopes, DeliveryWriteGate gate, TimeProvider clock, Content.ReleaseStore releases,
    ILogger<ViewRecorder> log)
    : BackgroundService
{
    private const int MaxBatch = 256;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    private sealed record Pending(Guid EnrollmentId, string ModuleId, string PageId, int Release, DateTimeOffset At, TaskCompletionSource Done);

    public async Task RecordAsync(Guid enrollmentId, string moduleId, string pageId, int release, CancellationToken ct)
    {
        var pending = new Pending(enrollmentId, moduleId, pageId, release, clock.GetUtcNow(),
            new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(pending, ct);
        await pending.Done.Task.WaitAsync(ct);
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
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
                var enrollments = await EnrollmentsAsync(db, batch, stoppingToken); // before the gate: release look-ups may read the database
                using (await gate.EnterAsync(stoppingToken))
                {
                    await WriteAsync(db, batch, enrollments, stoppingToken);
                }
                batch.ForEach(p => p.Done.TrySetResult());
                DeliveryTelemetry.ProgressEvents.Add(batch.Count, DeliveryTelemetry.Verb(ProgressVerbs.Viewed));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database is gone or full: every caller gets the error (the page still shows); the loop lives on.
                LogFailed(log, e, batch.Count);
                batch.ForEach(p => p.Done.TrySetException(e));
            }
        }
    }

    /// <summary>What the batch needs of each enrollment: the release content it follows and which of the batch's pages it read before.</summary>
    private sealed record EnrollmentViews(Contract.Releases.ProgramContent Program, HashSet<string> ReadBefore);

    /// <summary>
    /// One query for the whole batch: each enrollment's program and the batch's pages it has viewed before (only a page read
    /// for the first time moves the percentage). This is the only writer of "viewed" statements on this instance and
    /// batches run one after the other, so what it reads here is what the batch's transaction would have read.
    /// </summary>
    private async Task<Dictionary<Guid, EnrollmentViews>> EnrollmentsAsync(DeliveryDbContext db, List<Pending> batch, CancellationToken ct)
    {
        var ids = batch.Select(v => v.EnrollmentId).Distinct().ToList();
        var pageIds = batch.Select(v => v.PageId).Distinct().ToList();
        // A flat left join (one row per enrollment and page read before), not a nested collection: SQLite has no APPLY.
        var rows = await (
            from e in db.Enrollments.AsNoTracking()
            where ids.Contains(e.Id)
            join p in db.ProgressEvents.AsNoTracking().Where(p => p.Verb == ProgressVerbs.Viewed && pageIds.Contains(p.ObjectId!))
                on e.Id equals p.EnrollmentId into views
            from p in views.DefaultIfEmpty()
            select new { e.Id, e.ProgramId, PageId = p == null ? null : p.ObjectId }).Distinct().ToListAsync(ct);
        var result = new Dictionary<Guid, EnrollmentViews>();
        foreach (var e in rows.GroupBy(r => (r.Id, r.ProgramId)))
        {
            if (await releases.LatestAsync(e.Key.ProgramId, ct) is { } release)
            {
                result[e.Key.Id] = new EnrollmentViews(release.Content,
                    e.Where(r => r.PageId is not null).Select(r => r.PageId!).ToHashSet(StringComparer.Ordinal));
            }
        }
        return result;
    }

    private static async Task WriteAsync(DeliveryDbContext db, List<Pending> batch, Dictionary<Guid, EnrollmentViews> enrollments,
        CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var v in batch)
        {
            db.ProgressEvents.Add(new ProgressEvent
            {
                EnrollmentId = v.EnrollmentId, Verb = ProgressVerbs.Viewed, ModuleId = v.ModuleId, ObjectId = v.PageId, Release = v.Release, At = v.At,
            });
            await db.Database.ExecuteSqlAsync(
                $"""INSERT INTO "ModuleProgress" ("EnrollmentId", "ModuleId", "StartedAt") VALUES ({v.EnrollmentId}, {v.ModuleId}, {v.At}) ON CONFLICT DO NOTHING""",
                ct);
        }
        // The "continue where you left off" position: the last view of each enrollment in this batch.
        foreach (var last in batch.GroupBy(v => v.EnrollmentId).Select(g => g.Last()))
        {
            await db.Enrollments.Where(e => e.Id == last.EnrollmentId).ExecuteUpdateAsync(s => s
                .SetProperty(e => e.LastModuleId, last.ModuleId)
                .SetProperty(e => e.LastPageId, last.PageId)
                .SetProperty(e => e.LastActivityAt, last.At), ct);
        }
        await db.SaveChangesAsync(ct);
        // Progress counts pages read: only an enrollment with a page read for the first time is measured again.
        var firstReads = batch.Where(v => enrollments.TryGetValue(v.EnrollmentId, out var e) && !e.ReadBefore.Contains(v.PageId))
            .Select(v => v.EnrollmentId).Distinct();
        foreach (var id in firstReads)
        {
            await PatientPlans.UpdateAsync(db, id, enrollments[id].Program, ct);
        }
        await transaction.CommitAsync(ct);
    }

    [LoggerMessage(LogLevel.Error, "Could not record {Count} page views")]
    private static partial void LogFailed(ILogger logger, Exception e, int count);
}
