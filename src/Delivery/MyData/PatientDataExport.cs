using System.Security.Claims;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Reading;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.MyData;

public sealed record PatientData(DateTimeOffset ExportedAt, AccountData Account, IReadOnlyList<EnrollmentData> Enrollments,
    IReadOnlyList<AccessData> AccessLog);

public sealed record AccountData(string Id, string Name, string? Email, string Language, IReadOnlyList<string> Roles);

public sealed record EnrollmentData(Guid Id, string ProgramId, string Program, DateTimeOffset? StartedAt, int PercentComplete,
    IReadOnlyList<AnswerData> Answers, IReadOnlyList<QuestionnaireData> Questionnaires, IReadOnlyList<ProgressData> ProgressEvents,
    IReadOnlyList<string> ModulesOpenedByTherapist, IReadOnlyList<NoteData> ClinicalNotes, IReadOnlyList<NoteData> Feedback);

/// <summary>A clinical note or a piece of homework feedback (ModuleId set), with who wrote it.</summary>
public sealed record NoteData(string Staff, string Text, DateTimeOffset At, string? ModuleId = null);

public sealed record AnswerData(string BlockId, string FieldId, string Question, string Value, int Release, DateTimeOffset UpdatedAt);

public sealed record QuestionnaireData(string Questionnaire, int Total, int MaxTotal, string? Band, string? TrafficLight,
    IReadOnlyDictionary<string, int> Answers, int Release, DateTimeOffset SubmittedAt);

public sealed record ProgressData(string Verb, string ModuleId, string? ObjectId, int Release, DateTimeOffset At);

public sealed record AccessData(DateTimeOffset At, string Staff, string What);

/// <summary>Collects everything Delivery stores about the signed-in patient (the right of access, GDPR art. 15).</summary>
public sealed class PatientDataExport(DeliveryDbContext db, UserManager<DeliveryUser> users, ReleaseStore releases, TimeProvider clock)
{
    public async Task<PatientData?> CollectAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        if (await users.GetUserAsync(principal) is not { } user)
        {
            return null;
        }
        var enrollments = await db.Enrollments.AsNoTracking().Where(e => e.PatientId == user.Id).ToListAsync(ct);
        var ids = enrollments.Select(e => e.Id).ToList();
        var answers = await db.Answers.AsNoTracking().Where(a => ids.Contains(a.EnrollmentId)).ToListAsync(ct);
        var results = await db.QuestionnaireResults.AsNoTracking().Where(r => ids.Contains(r.EnrollmentId)).ToListAsync(ct);
        var events = await db.ProgressEvents.AsNoTracking().Where(p => ids.Contains(p.EnrollmentId)).ToListAsync(ct);
        var openings = await db.ModuleOpenings.AsNoTracking().Where(o => ids.Contains(o.EnrollmentId)).ToListAsync(ct);
        var notes = await db.ClinicalNotes.AsNoTracking().Where(n => ids.Contains(n.EnrollmentId)).OrderBy(n => n.Id).ToListAsync(ct);
        var feedback = await db.HomeworkFeedback.AsNoTracking().Where(f => ids.Contains(f.EnrollmentId)).OrderBy(f => f.Id).ToListAsync(ct);
        var access = await db.AccessLog.AsNoTracking().Where(a => a.PatientId == user.Id).ToListAsync(ct);
        var language = PageComposer.Language;
        var list = new List<EnrollmentData>();
        foreach (var e in enrollments)
        {
            var release = await releases.LatestAsync(e.ProgramId, ct);
            var title = release?.Content.Title.Resolve(language, release.Content.FallbackFor(language)) ?? e.ProgramId;
            list.Add(new EnrollmentData(e.Id, e.ProgramId, title, e.StartedAt, e.PercentComplete,
                answers.Where(a => a.EnrollmentId == e.Id).OrderBy(a => a.Id)
                    .Select(a => new AnswerData(a.BlockId, a.FieldId, a.SeenText, a.Value, a.Release, a.UpdatedAt)).ToList(),
                results.Where(r => r.EnrollmentId == e.Id).OrderBy(r => r.Id)
                    .Select(r => new QuestionnaireData(
                        release?.Content.Questionnaires.FirstOrDefault(q => q.Id == r.QuestionnaireId)?.Title.Resolve(language) ?? r.QuestionnaireId,
                        r.Total, r.MaxTotal, r.Band, r.TrafficLight,
                        System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(r.AnswersJson) ?? [], r.Release, r.SubmittedAt)).ToList(),
                events.Where(p => p.EnrollmentId == e.Id).OrderBy(p => p.Id)
                    .Select(p => new ProgressData(p.Verb, p.ModuleId, p.ObjectId, p.Release, p.At)).ToList(),
                openings.Where(o => o.EnrollmentId == e.Id).Select(o => o.ModuleId).ToList(),
                // Clinical notes are part of the patient's record: the right of access covers them.
                notes.Where(n => n.EnrollmentId == e.Id).Select(n => new NoteData(n.StaffName, n.Text, n.At)).ToList(),
                feedback.Where(f => f.EnrollmentId == e.Id).Select(f => new NoteData(f.StaffName, f.Text, f.At, f.ModuleId)).ToList()));
        }
        return new PatientData(clock.GetUtcNow(),
            new AccountData(user.Id, user.DisplayName, user.Email, user.PreferredCulture is { Length: > 0 } chosen ? chosen : language, [.. await users.GetRolesAsync(user)]),
            list,
            access.OrderByDescending(a => a.At).Select(a => new AccessData(a.At, a.StaffName, a.What)).ToList());
    }
}
