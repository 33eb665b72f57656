using System.Text.Json;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Contract.Releases;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.CareTeams;

public sealed record CaseloadRow(
    Guid EnrollmentId,
    string PatientName,
    string ProgramId,
    LocalizedText ProgramTitle,
    Light Light,
    IReadOnlyList<Reason> Reasons,
    int UnreadMessages,
    DateTimeOffset? OldestUnanswered,
    DateTimeOffset? LastActivity,
    int PercentComplete,
    bool IsResponsible,
    LatestCheckIn? CheckIn = null);

/// <summary>A follow-up patient's newest check-in, shown in their caseload row.</summary>
public sealed record LatestCheckIn(DateTimeOffset At, int Total, int MaxTotal, string? Light);

public sealed record CaseloadFilter(Light? Light = null, string? ProgramId = null, bool WaitingOnly = false, string? Search = null);

/// <summary>A therapist's caseload: every patient of their care teams with a traffic light and its reasons, most urgent first.</summary>
public sealed class Caseload(DeliveryDbContext db, ReleaseStore releases, TimeProvider clock, Schedules.DueQuestionnaires due)
{
    public async Task<IReadOnlyList<CaseloadRow>> ForAsync(string staffUserId, CancellationToken ct) =>
        await RowsAsync(staffUserId, null, ct);

    /// <summary>One row, for the patient view's header; null when the enrollment is not in this member's care teams.</summary>
    public async Task<CaseloadRow?> RowAsync(string staffUserId, Guid enrollmentId, CancellationToken ct) =>
        (await RowsAsync(staffUserId, enrollmentId, ct)).SingleOrDefault();

    public static IReadOnlyList<CaseloadRow> Apply(IReadOnlyList<CaseloadRow> rows, CaseloadFilter filter, string language) =>
        rows.Where(r => filter.Light is null || r.Light == filter.Light)
            .Where(r => string.IsNullOrEmpty(filter.ProgramId) || r.ProgramId == filter.ProgramId)
            .Where(r => !filter.WaitingOnly || r.OldestUnanswered is not null)
            .Where(r => string.IsNullOrWhiteSpace(filter.Search) ||
                        r.PatientName.Contains(filter.Search.Trim(), StringComparison.CurrentCultureIgnoreCase) ||
                        r.ProgramTitle.Resolve(language).Contains(filter.Search.Trim(), StringComparison.CurrentCultureIgnoreCase))
            .ToList();

    private async Task<IReadOnlyList<CaseloadRow>> RowsAsync(string staffUserId, Guid? only, CancellationToken ct)
    {
        var memberships = await db.CareTeamMembers.AsNoTracking()
            .Where(m => m.StaffUserId == staffUserId && (only == null || m.EnrollmentId == only))
            .Select(m => new { m.EnrollmentId, m.IsResponsible }).ToListAsync(ct);
        var ids = memberships.Select(m => m.EnrollmentId).ToList();
        var enrollments = await db.Enrollments.AsNoTracking().Where(e => ids.Contains(e.Id) && e.PatientId != null).ToListAsync(ct);
        var patientIds = enrollments.Select(e => e.PatientId!).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => patientIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var results = (await db.QuestionnaireResults.AsNoTracking().Where(r => ids.Contains(r.EnrollmentId))
                .Select(r => new { r.Id, r.EnrollmentId, r.QuestionnaireId, r.Total, r.MaxTotal, r.TrafficLight, r.AlertsJson, r.BandLabelJson, r.SubmittedAt })
                .ToListAsync(ct))
            .ToLookup(r => r.EnrollmentId);
        // A patient message is unanswered while no care-team message follows it in the thread.
        var waiting = (await db.Messages.AsNoTracking()
                .Where(m => ids.Contains(m.EnrollmentId) && m.FromPatient &&
                            !db.Messages.Any(r => r.EnrollmentId == m.EnrollmentId && !r.FromPatient && r.Id > m.Id))
                .Select(m => new { m.Id, m.EnrollmentId, m.SentAt, m.ReadAt }).ToListAsync(ct))
            .ToLookup(m => m.EnrollmentId);
        var handled = (await db.HandledReasons.AsNoTracking().Where(h => ids.Contains(h.EnrollmentId))
                .Select(h => new { h.EnrollmentId, h.ReasonKey }).ToListAsync(ct))
            .ToLookup(h => h.EnrollmentId, h => h.ReasonKey);
        var now = clock.GetUtcNow();
        var overdue = (await due.ForEnrollmentsAsync(ids, now, ct)).Where(d => d.IsOverdue).ToLookup(d => d.EnrollmentId);
        var rows = new List<CaseloadRow>();
        foreach (var e in enrollments)
        {
            var release = await releases.LatestAsync(e.ProgramId, ct);
            var content = release?.Content;
            var scores = results[e.Id].GroupBy(r => r.QuestionnaireId).Select(g =>
            {
                var ordered = g.OrderByDescending(r => r.Id).ToList();
                var latest = ordered[0];
                var title = content?.Questionnaires.FirstOrDefault(q => q.Id == g.Key)?.Title ?? new LocalizedText { ["nb"] = g.Key };
                var alerts = Alerts(latest.AlertsJson);
                return new ScoreHistory(title, latest.Total, ordered.Count > 1 ? ordered[1].Total : null,
                    latest.TrafficLight, alerts.Select(a => a.Reason).ToList(), latest.BandLabelJson is null ? null
                        : JsonSerializer.Deserialize<LocalizedText>(latest.BandLabelJson, ContractJson.Options),
                    latest.Id, alerts.Select(a => a.Item).ToList());
            }).ToList();
            var messages = waiting[e.Id].ToList();
            var oldest = messages.Count == 0 ? (DateTimeOffset?)null : messages.Min(m => m.SentAt);
            var newest = messages.Count == 0 ? (DateTimeOffset?)null : messages.Max(m => m.SentAt);
            var lastActivity = Latest(e.LastActivityAt ?? e.StartedAt, newest);
            var late = overdue[e.Id].Select(d => new OverdueQuestionnaire(d.Questionnaire.Title, d.Since, d.OccurrenceKey)).ToList();
            var (light, reasons) = Triage.Assess(new TriageInput(scores, oldest, lastActivity,
                content?.ReplyTimeDays ?? Triage.DefaultReplyTimeDays, content?.Triage ?? new TriageRules(), late,
                messages.Count == 0 ? null : messages.MinBy(m => m.SentAt)!.Id, handled[e.Id].ToHashSet(StringComparer.Ordinal)), now);
            var checkIn = content?.Kind == ProgramKind.FollowUp && results[e.Id].MaxBy(r => r.Id) is { } lastCheckIn
                ? new LatestCheckIn(lastCheckIn.SubmittedAt, lastCheckIn.Total, lastCheckIn.MaxTotal, lastCheckIn.TrafficLight) : null;
            rows.Add(new CaseloadRow(e.Id, names.GetValueOrDefault(e.PatientId!, e.InviteeName), e.ProgramId,
                content?.Title ?? new LocalizedText(), light, reasons, messages.Count(m => m.ReadAt is null), oldest, lastActivity,
                e.PercentComplete, memberships.First(m => m.EnrollmentId == e.Id).IsResponsible, checkIn));
        }
        return rows
            .OrderByDescending(r => r.Light)
            .ThenBy(r => r.OldestUnanswered ?? DateTimeOffset.MaxValue)
            .ThenBy(r => r.LastActivity ?? DateTimeOffset.MaxValue)
            .ThenBy(r => r.PatientName, StringComparer.CurrentCulture)
            .ToList();
    }

    public static List<ContentPlatform.Contract.Questionnaires.FiredAlert> Alerts(string json) =>
        JsonSerializer.Deserialize<List<ContentPlatform.Contract.Questionnaires.FiredAlert>>(json, ContractJson.Options) ?? [];

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
