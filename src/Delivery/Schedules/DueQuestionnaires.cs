using ContentPlatform.Contract.Questionnaires;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Platform.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Delivery.Schedules;

/// <summary>
/// One questionnaire a patient should answer now. <see cref="OccurrenceKey"/> names the newest occurrence (the one a
/// reminder is about, sent once per key); <see cref="Since"/> the oldest occurrence not answered since.
/// </summary>
public sealed record DueQuestionnaire(Guid EnrollmentId, string PatientId, string ProgramId, QuestionnaireDefinition Questionnaire,
    string OccurrenceKey, DateTimeOffset DueAt, DateTimeOffset Since, bool IsOverdue);

/// <summary>
/// Which questionnaires on a plan are due, for many enrollments at once: a few set-based reads (enrollments, module
/// starts and completions, the newest answer per questionnaire) and the rest is <see cref="QuestionnairePlan"/>'s
/// arithmetic in memory. Answering (any form of the same questionnaire at or after the due time) closes an occurrence.
/// Modules follow each patient's plan (<see cref="PatientPlan"/>): a module hidden from it asks nothing at its start and
/// the program ends when the plan's modules are done.
/// </summary>
public sealed class DueQuestionnaires(DeliveryDbContext db, ReleaseStore releases, NorwegianTime time, IOptions<ScheduleOptions> options)
{
    /// <summary>Every due questionnaire of every enrollment (the reminder sweep).</summary>
    public Task<IReadOnlyList<DueQuestionnaire>> DueAsync(DateTimeOffset now, CancellationToken ct) => ForAsync(null, now, ct);

    /// <summary>The due questionnaires of the given enrollments (a patient's home page, a caseload).</summary>
    public Task<IReadOnlyList<DueQuestionnaire>> ForEnrollmentsAsync(IReadOnlyCollection<Guid> enrollmentIds, DateTimeOffset now,
        CancellationToken ct) => ForAsync(enrollmentIds, now, ct);

    /// <summary>One enrollment's plan facts (a follow-up program page shows the next check-in from them).</summary>
    public async Task<PlanFacts?> FactsAsync(Guid enrollmentId, CancellationToken ct)
    {
        var enrollment = await db.Enrollments.AsNoTracking().Where(e => e.Id == enrollmentId && e.StartedAt != null)
            .Select(e => new { e.Id, e.ProgramId, e.StartedAt }).FirstOrDefaultAsync(ct);
        if (enrollment is null || await releases.LatestAsync(enrollment.ProgramId, ct) is not { } release)
        {
            return null;
        }
        var modules = await ModulesAsync([enrollment.ProgramId], [enrollment.Id], ct);
        var changes = await PlanChangesAsync([enrollment.ProgramId], [enrollment.Id], ct);
        var plan = new PatientPlan(release.Content, PatientPlan.AddedFrom(changes[enrollment.Id]));
        return Facts(enrollment.Id, enrollment.StartedAt!.Value, plan, modules[enrollment.Id]);
    }

    private async Task<IReadOnlyList<DueQuestionnaire>> ForAsync(IReadOnlyCollection<Guid>? only, DateTimeOffset now, CancellationToken ct)
    {
        var planned = new Dictionary<string, ProgramContent>(StringComparer.Ordinal);
        foreach (var program in await releases.ProgramsAsync(ct))
        {
            if (!program.Withdrawn && await releases.LatestAsync(program.ProgramId, ct) is { } release && HasPlan(release.Content))
            {
                planned[program.ProgramId] = release.Content;
            }
        }
        if (planned.Count == 0)
        {
            return [];
        }
        var programIds = planned.Keys.ToList();
        var enrollments = await db.Enrollments.AsNoTracking()
            .Where(e => programIds.Contains(e.ProgramId) && e.PatientId != null && e.StartedAt != null)
            .Where(e => only == null || only.Contains(e.Id))
            .Select(e => new { e.Id, e.ProgramId, e.PatientId, e.StartedAt }).ToListAsync(ct);
        if (enrollments.Count == 0)
        {
            return [];
        }
        var modules = await ModulesAsync(programIds, only, ct);
        var tailored = planned.Where(p => p.Value.Modules.Any(m => m.Optional)).Select(p => p.Key).ToList();
        var changes = tailored.Count == 0 ? Enumerable.Empty<PlanChange>().ToLookup(c => c.EnrollmentId)
            : await PlanChangesAsync(tailored, only, ct);
        // Most patients have the program's own plan: one per program, and one of their own only for the tailored.
        var untailored = planned.ToDictionary(p => p.Key, p => new PatientPlan(p.Value, new HashSet<string>()), StringComparer.Ordinal);
        // SQLite cannot take the max of a DateTimeOffset: read (enrollment, questionnaire, time) and keep the newest here.
        var answered = (await db.QuestionnaireResults.AsNoTracking()
                .Where(r => db.Enrollments.Any(e => e.Id == r.EnrollmentId && programIds.Contains(e.ProgramId) && (only == null || only.Contains(e.Id))))
                .Select(r => new { r.EnrollmentId, r.QuestionnaireId, r.SubmittedAt }).ToListAsync(ct))
            .ToLookup(r => r.EnrollmentId);
        var grace = options.Value.OverdueAfter;
        var due = new List<DueQuestionnaire>();
        foreach (var e in enrollments)
        {
            var content = planned[e.ProgramId];
            var plan = changes.Contains(e.Id) ? new PatientPlan(content, PatientPlan.AddedFrom(changes[e.Id])) : untailored[e.ProgramId];
            var facts = Facts(e.Id, e.StartedAt!.Value, plan, modules[e.Id]);
            var last = answered[e.Id].GroupBy(r => r.QuestionnaireId).ToDictionary(g => g.Key, g => g.Max(r => r.SubmittedAt), StringComparer.Ordinal);
            foreach (var item in QuestionnairePlan.Open(QuestionnairePlan.DueBy(content, facts, now, time.Zone), last))
            {
                if (content.Questionnaires.FirstOrDefault(q => q.Id == item.Occurrence.QuestionnaireId) is { } definition)
                {
                    due.Add(new DueQuestionnaire(e.Id, e.PatientId!, e.ProgramId, definition, item.Occurrence.Key, item.Occurrence.DueAt,
                        item.Since, QuestionnairePlan.IsOverdue(item, now, grace)));
                }
            }
        }
        return due;
    }

    /// <summary>Module starts and completions, selected through the enrollments (a join, not a list of ids: the reminder
    /// sweep covers every enrollment, far past SQLite's 32,766 parameters).</summary>
    private async Task<ILookup<Guid, (string ModuleId, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt)>> ModulesAsync(
        IReadOnlyCollection<string> programIds, IReadOnlyCollection<Guid>? only, CancellationToken ct) =>
        (await db.ModuleProgress.AsNoTracking()
            .Where(m => db.Enrollments.Any(e => e.Id == m.EnrollmentId && programIds.Contains(e.ProgramId) && (only == null || only.Contains(e.Id))))
            .Select(m => new { m.EnrollmentId, m.ModuleId, m.StartedAt, m.CompletedAt }).ToListAsync(ct))
        .ToLookup(m => m.EnrollmentId, m => (m.ModuleId, m.StartedAt, m.CompletedAt));

    /// <summary>The therapists' plan changes (optional modules added or hidden), through the enrollments as above.</summary>
    private async Task<ILookup<Guid, PlanChange>> PlanChangesAsync(IReadOnlyCollection<string> programIds, IReadOnlyCollection<Guid>? only,
        CancellationToken ct) =>
        (await db.PlanChanges.AsNoTracking()
            .Where(c => db.Enrollments.Any(e => e.Id == c.EnrollmentId && programIds.Contains(e.ProgramId) && (only == null || only.Contains(e.Id))))
            .ToListAsync(ct))
        .ToLookup(c => c.EnrollmentId);

    /// <summary>Only modules in the patient's plan count: one hidden from it (even if started before it was hidden) asks
    /// for no questionnaire at its start, and need not be completed for the program to end.</summary>
    private static PlanFacts Facts(Guid id, DateTimeOffset startedAt, PatientPlan plan,
        IEnumerable<(string ModuleId, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt)> modules)
    {
        var moduleIds = plan.Modules.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var list = modules.Where(m => moduleIds.Contains(m.ModuleId)).ToList();
        var completed = list.Where(m => m.CompletedAt is not null).ToList();
        DateTimeOffset? end = moduleIds.Count > 0 && completed.Count == moduleIds.Count ? completed.Max(m => m.CompletedAt) : null;
        return new PlanFacts(id, startedAt, list.ToDictionary(m => m.ModuleId, m => m.StartedAt, StringComparer.Ordinal), end);
    }

    private static bool HasPlan(ProgramContent content) =>
        content.CheckIns is not null || content.Questionnaires.Any(q => q.When.Count > 0) || content.Modules.Any(m => m.Questionnaire is not null);
}
