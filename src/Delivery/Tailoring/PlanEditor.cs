using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.AccessLogs;
using ContentPlatform.Delivery.Progress;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Tailoring;

public enum PlanOutcome
{
    Changed,

    /// <summary>The module was already in (or out of) the plan: nothing written.</summary>
    Unchanged,

    /// <summary>Not in this enrollment's care team (403).</summary>
    NotInCareTeam,

    /// <summary>No such enrollment or module in its release (404).</summary>
    NotFound,

    /// <summary>A required module: every patient has it (400).</summary>
    Required,
}

/// <summary>
/// A care-team member adds an optional module to one patient's plan or hides it again (in Tailoring, not Progress, because
/// it asks the care team: CareTeams reads Progress). Each change is a
/// <see cref="PlanChange"/> row (the patient view's history) and a line in the patient's access log ("what staff did in my
/// record"); the enrollment's progress is measured again against the new plan in the same transaction.
/// </summary>
public sealed class PlanEditor(DeliveryDbContext db, CareTeamAccess careTeams, ReleaseStore releases, DeliveryWriteGate gate, AccessLog accessLog,
    TimeProvider clock, Reading.PatientPageCache pages)
{
    public async Task<PlanOutcome> SetAsync(string staffId, Guid enrollmentId, string moduleId, bool included, CancellationToken ct)
    {
        if (!await careTeams.CanSeeAsync(staffId, enrollmentId, ct))
        {
            return PlanOutcome.NotInCareTeam;
        }
        var enrollment = await db.Enrollments.AsNoTracking().FirstOrDefaultAsync(e => e.Id == enrollmentId, ct);
        var release = enrollment is null ? null : await releases.LatestAsync(enrollment.ProgramId, ct);
        if (enrollment?.PatientId is null || release?.Content.Modules.FirstOrDefault(m => m.Id == moduleId) is not { } module)
        {
            return PlanOutcome.NotFound;
        }
        if (!module.Optional)
        {
            return PlanOutcome.Required;
        }
        var staffName = await db.Users.Where(u => u.Id == staffId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "";
        using (await gate.EnterAsync(ct))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var latest = await db.PlanChanges.AsNoTracking().Where(c => c.EnrollmentId == enrollmentId && c.ModuleId == moduleId)
                .OrderByDescending(c => c.Id).Select(c => (bool?)c.Included).FirstOrDefaultAsync(ct);
            if ((latest ?? false) == included)
            {
                return PlanOutcome.Unchanged;
            }
            db.PlanChanges.Add(new PlanChange
            {
                EnrollmentId = enrollmentId, ModuleId = moduleId, Included = included, StaffUserId = staffId, StaffName = staffName, At = clock.GetUtcNow(),
            });
            await db.SaveChangesAsync(ct);
            await PatientPlans.UpdateAsync(db, enrollmentId, release.Content, ct);
            await transaction.CommitAsync(ct);
        }
        await accessLog.WriteAsync(enrollment.PatientId, staffId, staffName, included ? AccessKinds.PlanAdded : AccessKinds.PlanHidden, enrollmentId, ct);
        await pages.EvictEnrollmentAsync(enrollmentId, ct);
        return PlanOutcome.Changed;
    }
}
