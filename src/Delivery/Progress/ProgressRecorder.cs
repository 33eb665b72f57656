using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Delivery.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Progress;

/// <summary>
/// Appends progress statements and updates their projections (module rows, the enrollment's percent and "continue"
/// position) on the caller's unit of work, so one SaveChanges commits the event and its projections together (the one
/// exception: a module's "started" row is inserted on first sight, see <see cref="EnsureStartedAsync"/>).
/// </summary>
public sealed class ProgressRecorder(TimeProvider clock)
{
    public void Answered(DeliveryDbContext db, ProgramEnrollment enrollment, string moduleId, string blockId, int release) =>
        Append(db, enrollment, ProgressVerbs.Answered, moduleId, blockId, release, clock.GetUtcNow());

    public void Passed(DeliveryDbContext db, ProgramEnrollment enrollment, string moduleId, string blockId, int release) =>
        Append(db, enrollment, ProgressVerbs.Passed, moduleId, blockId, release, clock.GetUtcNow());

    public async Task CompletedAsync(DeliveryDbContext db, ProgramEnrollment enrollment, ProgramContent program, string moduleId,
        int release, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        Append(db, enrollment, ProgressVerbs.Completed, moduleId, null, release, now);
        var row = await EnsureStartedAsync(db, enrollment.Id, moduleId, now, ct);
        row.CompletedAt ??= now;
        (enrollment.PercentComplete, enrollment.CompletedModules) = await PatientPlans.MeasureAsync(db, enrollment.Id, program, moduleId, ct);
    }

    private static void Append(DeliveryDbContext db, ProgramEnrollment enrollment, string verb, string moduleId, string? objectId,
        int release, DateTimeOffset now)
    {
        db.ProgressEvents.Add(new ProgressEvent
        {
            EnrollmentId = enrollment.Id, Verb = verb, ModuleId = moduleId, ObjectId = objectId, Release = release, At = now,
        });
        enrollment.LastActivityAt = now;
        DeliveryTelemetry.ProgressEvents.Add(1, DeliveryTelemetry.Verb(verb)); // counted as recorded (committed by the caller)
    }

    /// <summary>
    /// The module's "started" row, created on first sight. On PostgreSQL writes are not serialised, so two requests of one
    /// patient (two tabs, a double tap) may both find no row; an insert that ignores a conflict lets both go on instead of
    /// one failing on the primary key. The row is then read back tracked so "completed" can be set in the caller's commit.
    /// </summary>
    private static async Task<ModuleProgress> EnsureStartedAsync(DeliveryDbContext db, Guid enrollmentId, string moduleId,
        DateTimeOffset now, CancellationToken ct)
    {
        var row = db.ModuleProgress.Local.FirstOrDefault(m => m.EnrollmentId == enrollmentId && m.ModuleId == moduleId)
                  ?? await db.ModuleProgress.FirstOrDefaultAsync(m => m.EnrollmentId == enrollmentId && m.ModuleId == moduleId, ct);
        if (row is null)
        {
            await db.Database.ExecuteSqlAsync(
                $"""INSERT INTO "ModuleProgress" ("EnrollmentId", "ModuleId", "StartedAt") VALUES ({enrollmentId}, {moduleId}, {now}) ON CONFLICT DO NOTHING""",
                ct);
            row = await db.ModuleProgress.FirstAsync(m => m.EnrollmentId == enrollmentId && m.ModuleId == moduleId, ct);
        }
        return row;
    }
}
