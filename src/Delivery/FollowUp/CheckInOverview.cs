using ContentPlatform.Delivery.Answers;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Delivery.Schedules;
using ContentPlatform.Platform.Hosting;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.FollowUp;

/// <summary>What a follow-up patient's program page shows: check-ins due now, sent, the next date and the newest decision.</summary>
public sealed record CheckInView(IReadOnlyList<DueQuestionnaire> Due, IReadOnlyList<QuestionnaireResult> Sent, DateTimeOffset? Next,
    FollowUpDecision? Decision);

public sealed class CheckInOverview(DeliveryDbContext db, DueQuestionnaires due, FollowUpDecisions decisions, NorwegianTime time,
    TimeProvider clock)
{
    /// <summary>For the signed-in patient's own enrollment: the caller got <paramref name="program"/> from PatientEnrollments.</summary>
    public async Task<CheckInView> ForPatientAsync(PatientProgram program, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var id = program.Enrollment.Id;
        var sent = await db.QuestionnaireResults.AsNoTracking().Where(r => r.EnrollmentId == id).OrderByDescending(r => r.Id).Take(50).ToListAsync(ct);
        var facts = await due.FactsAsync(id, ct);
        var next = facts is null ? null : QuestionnairePlan.NextCheckIn(program.Content, facts, now, time.Zone);
        return new CheckInView(await due.ForEnrollmentsAsync([id], now, ct), sent, next, await decisions.LatestAsync(id, ct));
    }
}
