using ContentPlatform.Delivery.Answers;
using ContentPlatform.Delivery.Realtime;

namespace ContentPlatform.Delivery.CareTeams;

/// <summary>
/// Tells the care team's open caseload pages that a patient's light may have changed (a questionnaire answered, a module
/// completed). Only the enrollment id travels: each page reads the caseload again, through the same access checks.
/// </summary>
public sealed class CaseloadNotifier(CareTeamAccess access, IRealtimeBus bus, ILogger<CaseloadNotifier> logger) : IAnswerListener
{
    Task IAnswerListener.AnsweredAsync(Guid enrollmentId, CancellationToken ct) => ChangedAsync(enrollmentId, ct);

    public async Task ChangedAsync(Guid enrollmentId, CancellationToken ct)
    {
        try
        {
            foreach (var member in await access.MembersAsync(enrollmentId, ct))
            {
                await bus.PublishAsync(RealtimeGroups.Staff(member), "caseload", new { enrollmentId }, ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Live updates are a convenience: the patient's answer is stored, and the caseload shows it on the next load.
            logger.LogWarning(e, "Caseload update for {EnrollmentId} not sent", enrollmentId);
        }
    }
}
