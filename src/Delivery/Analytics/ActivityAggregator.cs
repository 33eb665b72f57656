using ContentPlatform.Delivery.Data;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Analytics;

/// <summary>
/// Folds new progress events into <see cref="ActivityDay"/> rows. The log is append-only with increasing ids, so a
/// cursor is enough: each call reads only what arrived since the last one, and indicator pages never scan the log.
/// Called before every indicator query, so the aggregate is always current without a background job.
/// </summary>
public sealed class ActivityAggregator(DeliveryWriteGate gate, TimeProvider clock) : IDisposable
{
    public const string CursorName = "activity-days";
    private const int BatchSize = 20_000;

    // On PostgreSQL two transactions can commit their ids out of order; events younger than this are left for the next
    // call so a slow commit with a smaller id is not skipped. SQLite has a single writer, so no hold-back is needed.
    private static readonly TimeSpan PostgresHoldBack = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _running = new(1, 1);

    public void Dispose() => _running.Dispose();

    public static int DayOf(DateTimeOffset at) => DayOf(DateOnly.FromDateTime(at.UtcDateTime));

    public static int DayOf(DateOnly date) => date.DayNumber - Epoch.DayNumber;

    public static DateOnly DateOf(int day) => DateOnly.FromDayNumber(Epoch.DayNumber + day);

    /// <summary>Monday-based weeks: 1970-01-01 was a Thursday, so day −3 is the Monday of week 0.</summary>
    public static int WeekOf(int day) => (int)Math.Floor((day + 3) / 7.0);

    public static int MonthOf(DateOnly date) => date.Year * 12 + date.Month - 1;

    private static readonly DateOnly Epoch = new(1970, 1, 1);

    public async Task CatchUpAsync(DeliveryDbContext db, CancellationToken ct)
    {
        await _running.WaitAsync(ct);
        try
        {
            var holdBack = db.Database.IsNpgsql() ? PostgresHoldBack : TimeSpan.Zero;
            while (await StepAsync(db, clock.GetUtcNow() - holdBack, ct))
            {
            }
        }
        finally
        {
            _running.Release();
        }
    }

    private async Task<bool> StepAsync(DeliveryDbContext db, DateTimeOffset before, CancellationToken ct)
    {
        var cursor = await db.AnalyticsCursors.AsNoTracking().FirstOrDefaultAsync(c => c.Name == CursorName, ct);
        var last = cursor?.LastEventId ?? 0;
        var batch = await db.ProgressEvents.AsNoTracking().Where(e => e.Id > last).OrderBy(e => e.Id).Take(BatchSize)
            .Select(e => new { e.Id, e.EnrollmentId, e.At }).ToListAsync(ct);
        var ready = batch.TakeWhile(e => e.At <= before).ToList();
        if (ready.Count == 0)
        {
            return false;
        }
        var enrollmentIds = ready.Select(e => e.EnrollmentId).Distinct().ToList();
        var programs = await db.Enrollments.AsNoTracking().Where(e => enrollmentIds.Contains(e.Id))
            .Select(e => new { e.Id, e.ProgramId }).ToDictionaryAsync(e => e.Id, e => e.ProgramId, ct);
        var days = ready.Select(e => (e.EnrollmentId, Day: DayOf(e.At))).Distinct().ToList();
        var minDay = days.Min(d => d.Day);
        var existing = (await db.ActivityDays.AsNoTracking().Where(a => enrollmentIds.Contains(a.EnrollmentId) && a.Day >= minDay)
            .Select(a => new { a.EnrollmentId, a.Day }).ToListAsync(ct)).Select(a => (a.EnrollmentId, a.Day)).ToHashSet();

        using (await gate.EnterAsync(ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            foreach (var (enrollmentId, day) in days.Where(d => !existing.Contains(d)))
            {
                var date = DateOf(day);
                db.ActivityDays.Add(new ActivityDay
                {
                    EnrollmentId = enrollmentId, ProgramId = programs.GetValueOrDefault(enrollmentId, ""),
                    Day = day, Week = WeekOf(day), Month = MonthOf(date),
                });
            }
            var newLast = ready[^1].Id;
            // The cursor moves only if nobody else moved it meanwhile (another instance on PostgreSQL): the update's row
            // count is the compare-and-swap.
            var moved = cursor is null
                ? Insert(db, newLast)
                : await db.AnalyticsCursors.Where(c => c.Name == CursorName && c.LastEventId == last)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastEventId, newLast), ct) == 1;
            if (!moved)
            {
                db.ChangeTracker.Clear();
                return false;
            }
            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another instance folded the same events first; its rows are as good as ours.
                db.ChangeTracker.Clear();
                return false;
            }
            db.ChangeTracker.Clear();
        }
        return ready.Count == batch.Count && batch.Count == BatchSize;
    }

    private static bool Insert(DeliveryDbContext db, long lastEventId)
    {
        db.AnalyticsCursors.Add(new AnalyticsCursor { Name = CursorName, LastEventId = lastEventId });
        return true;
    }
}
