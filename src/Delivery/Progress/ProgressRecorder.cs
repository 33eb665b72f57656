using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Shared.Contract;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Progress;

/// <summary>
/// Appends progress statements and updates their projections (module rows, the enrollment's percent and "continue"
/// position) on the caller's unit of work, so one SaveChanges commits the event and its projections together.
/// </summary>
public sealed class ProgressRecorder(TimeProvider clock)
{
    public async Task ViewedAsync(DeliveryDbContext db, ProgramEnrollment enrollment, string moduleId, string pageId, int release,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        Append(db, enrollment, ProgressVerbs.Viewed, moduleId, pageId, release, now);
        await EnsureStartedAsync(db, enrollment.Id, moduleId, now, ct);
        enrollment.LastModuleId = moduleId;
        enrollment.LastPageId = pageId;
    }

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
        var completed = (await db.ModuleProgress.Where(m => m.EnrollmentId == enrollment.Id && m.CompletedAt != null)
            .Select(m => m.ModuleId).ToListAsync(ct)).Append(moduleId).ToHashSet();
        enrollment.CompletedModules = program.Modules.Count(m => completed.Contains(m.Id));
        enrollment.PercentComplete = UnlockRules.PercentComplete(program, completed);
    }

    private static void Append(DeliveryDbContext db, ProgramEnrollment enrollment, string verb, string moduleId, string? objectId,
        int release, DateTimeOffset now)
    {
        db.ProgressEvents.Add(new ProgressEvent
        {
            EnrollmentId = enrollment.Id, Verb = verb, ModuleId = moduleId, ObjectId = objectId, Release = release, At = now,
        });
        enrollment.LastActivityAt = now;
    }

    private static async Task<ModuleProgress> EnsureStartedAsync(DeliveryDbContext db, Guid enrollmentId, string moduleId,
        DateTimeOffset now, CancellationToken ct)
    {
        var row = db.ModuleProgress.Local.FirstOrDefault(m => m.EnrollmentId == enrollmentId && m.ModuleId == moduleId)
                  ?? await db.ModuleProgress.FirstOrDefaultAsync(m => m.EnrollmentId == enrollmentId && m.ModuleId == moduleId, ct);
        if (row is null)
        {
            row = new ModuleProgress { EnrollmentId = enrollmentId, ModuleId = moduleId, StartedAt = now };
            db.ModuleProgress.Add(row);
        }
        return row;
    }
}
