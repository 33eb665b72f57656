using ContentPlatform.Contract.Releases;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Data;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Progress;

/// <summary>
/// The one query for "which modules does this patient have" (<see cref="PatientPlan"/>), for every feature that walks a
/// patient's modules — pages, progress, reminders — so none of them reads <c>ProgramContent.Modules</c> directly.
/// No access check here: callers ask it for the signed-in patient's own enrollment or after the care-team check.
/// </summary>
public sealed class PatientPlans(DeliveryDbContext db, ReleaseStore releases)
{
    /// <summary>The plan in the program's latest release; null when the enrollment or its release does not exist.</summary>
    public async Task<PatientPlan?> ForAsync(Guid enrollmentId, CancellationToken ct = default)
    {
        var programId = await db.Enrollments.AsNoTracking().Where(e => e.Id == enrollmentId).Select(e => e.ProgramId).FirstOrDefaultAsync(ct);
        var release = programId is null ? null : await releases.LatestAsync(programId, ct);
        return release is null ? null : await ForAsync(enrollmentId, release.Content, ct);
    }

    public async Task<PatientPlan> ForAsync(Guid enrollmentId, ProgramContent program, CancellationToken ct = default) =>
        new(program, PatientPlan.AddedFrom(await ChangesAsync(enrollmentId, ct)));

    /// <summary>Who added or hid which module when, oldest first.</summary>
    public Task<List<PlanChange>> ChangesAsync(Guid enrollmentId, CancellationToken ct = default) =>
        db.PlanChanges.AsNoTracking().Where(c => c.EnrollmentId == enrollmentId).OrderBy(c => c.Id).ToListAsync(ct);

    /// <summary>
    /// The enrollment's progress against its plan: percent of the plan's pages read and modules completed in it. Read
    /// from the progress log itself (viewed pages, completed modules) so it holds for history written before plans existed.
    /// <paramref name="alsoCompleted"/> is a completion in the caller's unit of work, not yet saved.
    /// </summary>
    public static async Task<(int Percent, int CompletedModules)> MeasureAsync(DeliveryDbContext db, Guid enrollmentId, ProgramContent program,
        string? alsoCompleted, CancellationToken ct)
    {
        var added = PatientPlan.AddedFrom(await db.PlanChanges.AsNoTracking().Where(c => c.EnrollmentId == enrollmentId).ToListAsync(ct));
        var plan = new PatientPlan(program, added);
        var completed = (await db.ModuleProgress.AsNoTracking().Where(m => m.EnrollmentId == enrollmentId && m.CompletedAt != null)
            .Select(m => m.ModuleId).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        if (alsoCompleted is not null)
        {
            completed.Add(alsoCompleted);
        }
        var read = (await db.ProgressEvents.AsNoTracking()
            .Where(e => e.EnrollmentId == enrollmentId && e.Verb == ProgressVerbs.Viewed && e.ObjectId != null)
            .Select(e => e.ObjectId!).Distinct().ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        return (plan.PercentRead(read, completed), plan.Modules.Count(m => completed.Contains(m.Id)));
    }

    /// <summary>Writes the enrollment's progress columns (the caseload and "my data" read them) after its plan or reading changed.</summary>
    public static async Task UpdateAsync(DeliveryDbContext db, Guid enrollmentId, ProgramContent program, CancellationToken ct)
    {
        var (percent, completed) = await MeasureAsync(db, enrollmentId, program, null, ct);
        await db.Enrollments.Where(e => e.Id == enrollmentId).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.PercentComplete, percent)
            .SetProperty(e => e.CompletedModules, completed), ct);
    }
}
