namespace ContentPlatform.Delivery.Notifications;

/// <summary>One occurrence a rule found due: who, about which enrollment, of what kind, and the key that makes it once-only.</summary>
/// <param name="OnceKey">Names the occurrence, e.g. <c>questionnaire-due:{enrollmentId}:{questionnaireId}:{dueDay}</c>.
/// The same occurrence must always give the same key: that is what keeps a patient from being told twice.</param>
/// <param name="Kind">One of <see cref="NotificationKinds"/> (or a new kind with texts under <c>Notify_{kind}_…</c>).</param>
public sealed record DueNotification(string OnceKey, string PatientId, Guid EnrollmentId, string Kind);

/// <summary>
/// An event that may notify a patient. The sweep (every <c>Notifications:SweepInterval</c>, on every instance) asks each
/// registered rule for what is due <paramref name="now"/> and inserts the occurrences it has not seen; the dispatcher then
/// sends them on the patient's channels outside their quiet hours. A rule is one small class:
/// <list type="bullet">
/// <item>answer with <b>one set-based query</b> (never a query per patient: the sweep runs over every enrollment);</item>
/// <item>return every occurrence still due, as often as asked — the once key, not the rule, prevents repeats, so a rule
///   needs no memory of what it sent;</item>
/// <item>say nothing about content in the kind or key (no titles, scores or text): ids and days only.</item>
/// </list>
/// Register it with <c>builder.Services.AddNotificationRule&lt;MyRule&gt;()</c> (scoped: it may take the DbContext).
/// </summary>
/// <example>
/// A "questionnaire due" rule on top of a due-questionnaire query:
/// <code>
/// public sealed class QuestionnaireDueRule(DeliveryDbContext db) : INotificationRule
/// {
///     public async Task&lt;IReadOnlyList&lt;DueNotification&gt;&gt; DueAsync(DateTimeOffset now, CancellationToken ct) =&gt;
///         (await DueQuestionnaires.Query(db, now).ToListAsync(ct))
///             .Select(d =&gt; new DueNotification($"questionnaire-due:{d.EnrollmentId}:{d.QuestionnaireId}:{d.DueDay}",
///                 d.PatientId, d.EnrollmentId, "questionnaire-due"))
///             .ToList();
/// }
/// </code>
/// </example>
public interface INotificationRule
{
    Task<IReadOnlyList<DueNotification>> DueAsync(DateTimeOffset now, CancellationToken ct);
}
