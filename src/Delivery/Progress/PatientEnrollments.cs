using System.Security.Claims;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Contract.Releases;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Progress;

/// <summary>
/// One of the signed-in patient's enrollments with the release it follows, the patient's plan (<see cref="PatientPlan"/>)
/// and the state of every module in it. Modules outside the plan are not in <see cref="Modules"/>.
/// </summary>
public sealed record PatientProgram(ProgramEnrollment Enrollment, ProgramRelease Release, IReadOnlyList<ModuleStatus> Modules,
    ProgramEntry Program, PatientPlan Plan)
{
    public ProgramContent Content => Release.Content;

    /// <summary>Percent of the plan's pages read: the one number the home page, the program page and the caseload show.</summary>
    public int Percent => Enrollment.PercentComplete;

    public ModuleStatus? Module(string moduleId) => Modules.FirstOrDefault(m => m.Module.Id == moduleId);
}

/// <summary>
/// The only way patient pages and endpoints reach an enrollment: by id AND the signed-in user's id, so another patient's
/// id finds nothing (404) and reveals nothing about whether it exists.
/// </summary>
public sealed class PatientEnrollments(DeliveryDbContext db, ReleaseStore releases, PatientPlans plans, TimeProvider clock)
{
    public static string? UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    public async Task<PatientProgram?> FindAsync(ClaimsPrincipal user, Guid enrollmentId, CancellationToken ct = default)
    {
        var userId = UserId(user);
        if (userId is null)
        {
            return null;
        }
        var enrollment = await db.Enrollments.AsNoTracking().FirstOrDefaultAsync(e => e.Id == enrollmentId && e.PatientId == userId, ct);
        return enrollment is null ? null : await LoadAsync(enrollment, ct);
    }

    public async Task<IReadOnlyList<PatientProgram>> AllAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        var userId = UserId(user);
        if (userId is null)
        {
            return [];
        }
        var enrollments = await db.Enrollments.AsNoTracking().Where(e => e.PatientId == userId).ToListAsync(ct);
        var result = new List<PatientProgram>();
        foreach (var enrollment in enrollments.OrderByDescending(e => e.LastActivityAt ?? e.StartedAt ?? e.CreatedAt))
        {
            if (await LoadAsync(enrollment, ct) is { } program)
            {
                result.Add(program);
            }
        }
        return result;
    }

    /// <summary>
    /// An enrollment by id alone, for staff. Call only after the care-team check (<c>CareTeams/CareTeamAccess</c>) said
    /// yes: the check is the caller's, as in <c>CareTeams/PatientRecord</c>.
    /// </summary>
    public async Task<PatientProgram?> ForCareTeamAsync(Guid enrollmentId, CancellationToken ct = default) =>
        await db.Enrollments.AsNoTracking().FirstOrDefaultAsync(e => e.Id == enrollmentId, ct) is { } enrollment
            ? await LoadAsync(enrollment, ct)
            : null;

    private async Task<PatientProgram?> LoadAsync(ProgramEnrollment enrollment, CancellationToken ct)
    {
        var entry = await releases.ProgramAsync(enrollment.ProgramId, ct);
        var release = entry is null ? null : await releases.GetAsync(entry.ProgramId, entry.LatestRelease, ct);
        if (entry is null || release is null)
        {
            return null;
        }
        var completed = (await db.ModuleProgress.AsNoTracking()
            .Where(m => m.EnrollmentId == enrollment.Id && m.CompletedAt != null).Select(m => m.ModuleId).ToListAsync(ct)).ToHashSet();
        var opened = (await db.ModuleOpenings.AsNoTracking()
            .Where(m => m.EnrollmentId == enrollment.Id).Select(m => m.ModuleId).ToListAsync(ct)).ToHashSet();
        var plan = await plans.ForAsync(enrollment.Id, release.Content, ct);
        var modules = UnlockRules.Evaluate(plan, enrollment.StartedAt ?? enrollment.CreatedAt, completed, opened, clock.GetUtcNow());
        return new PatientProgram(enrollment, release, modules, entry, plan);
    }
}
