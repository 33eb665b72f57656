using ContentPlatform.Delivery.Schedules;

namespace ContentPlatform.Delivery.Notifications.Rules;

/// <summary>
/// A questionnaire on the patient's plan fell due (weekly, at a module's start, at program end, a follow-up check-in):
/// <c>questionnaire-due:{occurrence key}</c>. The occurrence key names the newest occurrence, so each week's form is one
/// reminder, and answering closes it before the next sweep finds it again.
/// </summary>
public sealed class QuestionnaireDueRule(DueQuestionnaires due) : INotificationRule
{
    /// <summary>Occurrences older than this are not announced (a new installation must not remind of last month's forms).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    public async Task<IReadOnlyList<DueNotification>> DueAsync(DateTimeOffset now, CancellationToken ct) =>
        (await due.DueAsync(now, ct))
            .Where(d => d.DueAt <= now && d.DueAt > now - Window)
            .Select(d => new DueNotification($"{NotificationKinds.QuestionnaireDue}:{d.OccurrenceKey}", d.PatientId, d.EnrollmentId,
                NotificationKinds.QuestionnaireDue))
            .ToList();
}
