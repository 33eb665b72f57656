using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Progress;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Tailoring;

public sealed record ModuleOpened(Guid EnrollmentId, string ModuleId, DateTimeOffset OpenedAt);

/// <summary>
/// A therapist opens a module for a patient (therapist-gated programs). Idempotent. Only a member of the enrollment's
/// care team may; for anyone else the enrollment does not exist (null), as for a wrong id. It lives beside the plan
/// editor, not in Progress: it is a care-team member's action, and CareTeams reads Progress, so Progress asking
/// <see cref="CareTeamAccess"/> would be a loop.
/// </summary>
public sealed class ModuleOpener(DeliveryDbContext db, CareTeamAccess careTeams, DeliveryWriteGate gate, ReleaseStore releases, TimeProvider clock,
    Reading.PatientPageCache pages)
{
    public async Task<ModuleOpened?> OpenAsync(string staffId, Guid enrollmentId, string moduleId, CancellationToken ct)
    {
        var enrollment = await careTeams.CanSeeAsync(staffId, enrollmentId, ct)
            ? await db.Enrollments.AsNoTracking().FirstOrDefaultAsync(e => e.Id == enrollmentId, ct)
            : null;
        var release = enrollment is null ? null : await releases.LatestAsync(enrollment.ProgramId, ct);
        if (release is null || release.Content.Modules.All(m => m.Id != moduleId))
        {
            return null;
        }
        ModuleOpening opening;
        using (await gate.EnterAsync(ct))
        {
            var existing = await db.ModuleOpenings.AsNoTracking().FirstOrDefaultAsync(o => o.EnrollmentId == enrollmentId && o.ModuleId == moduleId, ct);
            if (existing is not null)
            {
                return new ModuleOpened(enrollmentId, moduleId, existing.OpenedAt);
            }
            opening = new ModuleOpening { EnrollmentId = enrollmentId, ModuleId = moduleId, OpenedBy = staffId, OpenedAt = clock.GetUtcNow() };
            db.ModuleOpenings.Add(opening);
            await db.SaveChangesAsync(ct);
        }
        await pages.EvictEnrollmentAsync(enrollmentId, ct);
        return new ModuleOpened(enrollmentId, moduleId, opening.OpenedAt);
    }
}
