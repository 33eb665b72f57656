using System.Security.Claims;
using System.Text.Json;
using ContentPlatform.Contract.Markdown;
using ContentPlatform.Contract.Questionnaires;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Delivery.Answers;
using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Progress;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Safety;

/// <summary>A safety message as the patient sees it: safe HTML from the editor's Markdown (raw HTML is never passed through).</summary>
public sealed record SafetyNotice(Guid EnrollmentId, long ResultId, string Html);

/// <summary>
/// The safety messages a patient is shown: those of the answer they just sent, and on the home page those of every latest
/// answer whose red reason (an alert, or a red band) the care team has not handled yet. The messages come from the release
/// the patient answered, which is kept unchanged, so nothing about them is stored per patient.
/// </summary>
public sealed class PatientSafety(DeliveryDbContext db, ReleaseStore releases)
{
    /// <summary>The messages for one stored result, in the patient's language.</summary>
    public async Task<IReadOnlyList<string>> MessagesAsync(string programId, QuestionnaireResult result, string language, CancellationToken ct)
    {
        var release = await releases.GetAsync(programId, result.Release, ct);
        if (release?.Content.Questionnaires.FirstOrDefault(q => q.Id == result.QuestionnaireId) is not { } definition)
        {
            return [];
        }
        var answers = JsonSerializer.Deserialize<Dictionary<string, int>>(result.AnswersJson) ?? [];
        return QuestionnaireSafety.MessagesFor(definition, answers)
            .Select(m => ContentMarkdown.ToHtml(m.Resolve(language, release.Content.FallbackFor(language))))
            .Where(html => html.Length > 0).ToList();
    }

    /// <summary>
    /// The messages beside a questionnaire on its page: always right after sending it, and afterwards while its red reason
    /// is not handled.
    /// </summary>
    public async Task<IReadOnlyList<string>> ForPageAsync(string programId, QuestionnaireResult result, bool justSent, string language,
        CancellationToken ct)
    {
        if (!justSent)
        {
            var handled = (await db.HandledReasons.AsNoTracking().Where(h => h.EnrollmentId == result.EnrollmentId)
                .Select(h => h.ReasonKey).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            if (!IsOpen(result, handled))
            {
                return [];
            }
        }
        return await MessagesAsync(programId, result, language, ct);
    }

    /// <summary>Open safety messages on the signed-in patient's own enrollments, newest answer first.</summary>
    public async Task<IReadOnlyList<SafetyNotice>> OpenAsync(ClaimsPrincipal patient, string language, CancellationToken ct)
    {
        if (PatientEnrollments.UserId(patient) is not { } patientId)
        {
            return [];
        }
        var enrollments = await db.Enrollments.AsNoTracking().Where(e => e.PatientId == patientId)
            .Select(e => new { e.Id, e.ProgramId }).ToListAsync(ct);
        var ids = enrollments.Select(e => e.Id).ToList();
        var latest = (await db.QuestionnaireResults.AsNoTracking().Where(r => ids.Contains(r.EnrollmentId)).ToListAsync(ct))
            .GroupBy(r => (r.EnrollmentId, r.QuestionnaireId)).Select(g => g.MaxBy(r => r.Id)!).ToList();
        var handled = (await db.HandledReasons.AsNoTracking().Where(h => ids.Contains(h.EnrollmentId)).Select(h => h.ReasonKey).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        var notices = new List<SafetyNotice>();
        foreach (var result in latest.OrderByDescending(r => r.Id))
        {
            if (!IsOpen(result, handled))
            {
                continue;
            }
            var programId = enrollments.First(e => e.Id == result.EnrollmentId).ProgramId;
            notices.AddRange((await MessagesAsync(programId, result, language, ct)).Select(html => new SafetyNotice(result.EnrollmentId, result.Id, html)));
        }
        return notices.DistinctBy(n => n.Html, StringComparer.Ordinal).ToList();
    }

    /// <summary>Whether a result still has a red reason nobody has handled (the same keys the caseload uses).</summary>
    public static bool IsOpen(QuestionnaireResult result, IReadOnlySet<string> handled) =>
        ReasonKeys.RedOf(result.Id, Caseload.Alerts(result.AlertsJson).Select(a => a.Item).ToList(), result.TrafficLight)
            .Any(key => !handled.Contains(key));
}
