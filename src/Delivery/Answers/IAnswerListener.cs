namespace ContentPlatform.Delivery.Answers;

/// <summary>
/// Told after a patient's submitted answers were committed (a questionnaire scored, a module completed): what the care
/// team sees may have changed. CareTeams listens (the caseload's live update, <c>CareTeams/CaseloadNotifier.cs</c>);
/// Answers owns the question so that it does not know the care team: CareTeams reads answers, not the reverse.
/// </summary>
public interface IAnswerListener
{
    Task AnsweredAsync(Guid enrollmentId, CancellationToken ct);
}
