using System.Security.Claims;
using ContentPlatform.Delivery.AccessLogs;
using ContentPlatform.Delivery.Analytics;
using ContentPlatform.Delivery.Answers;
using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Messaging;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Delivery.Reading;
using ContentPlatform.Contract.Questionnaires;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.MyData;

/// <param name="QuestionnaireResponses">Every submitted questionnaire again as a FHIR R4 Bundle of QuestionnaireResponses
/// (docs/fhir.md), the form health records read; the same answers as in <see cref="EnrollmentData.Questionnaires"/>.</param>
/// <param name="Notifications">The patient's channels, mobile number and quiet hours, and the notifications sent.</param>
public sealed record PatientData(DateTimeOffset ExportedAt, AccountData Account, IReadOnlyList<EnrollmentData> Enrollments,
    IReadOnlyList<AccessData> AccessLog, System.Text.Json.JsonElement? QuestionnaireResponses = null,
    Notifications.NotificationsData? Notifications = null);

public sealed record AccountData(string Id, string Name, string? Email, string Language, IReadOnlyList<string> Roles);

public sealed record EnrollmentData(Guid Id, string ProgramId, string Program, DateTimeOffset? StartedAt, int PercentComplete,
    IReadOnlyList<AnswerData> Answers, IReadOnlyList<QuestionnaireData> Questionnaires, IReadOnlyList<ProgressData> ProgressEvents,
    IReadOnlyList<string> ModulesOpenedByTherapist, IReadOnlyList<NoteData> ClinicalNotes, IReadOnlyList<NoteData> Feedback,
    IReadOnlyList<MessageData> Messages, IReadOnlyList<ModuleProgressData> Modules, IReadOnlyList<CareTeamData> CareTeam,
    IReadOnlyList<StaffTimeData> StaffTime, IReadOnlyList<PageFeedbackData>? PageFeedback = null,
    IReadOnlyList<EvaluationData>? Evaluations = null, IReadOnlyList<NoteData>? FollowUpDecisions = null,
    IReadOnlyList<NoteData>? HandledAlerts = null,
    IReadOnlyList<PlanChangeData>? PlanChanges = null);

/// <summary>The patient's answers to a program's evaluation questionnaire (not clinical: never shown to the care team).</summary>
public sealed record EvaluationData(string QuestionnaireId, int Release, IReadOnlyDictionary<string, int> Answers, DateTimeOffset At);

/// <summary>"Var denne sida nyttig?": the patient's answer and comment on a page, per release.</summary>
public sealed record PageFeedbackData(string ModuleId, string PageId, int Release, bool Useful, string? Comment, DateTimeOffset At);

/// <summary>A care-team member added an optional module to the patient's plan (Included) or hid it.</summary>
public sealed record PlanChangeData(string Staff, string ModuleId, bool Included, DateTimeOffset At);

/// <summary>One message of the enrollment's thread, the patient's own and the care team's.</summary>
public sealed record MessageData(string From, bool FromPatient, string Text, DateTimeOffset SentAt, DateTimeOffset? ReadAt);

public sealed record ModuleProgressData(string ModuleId, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt);

/// <summary>Who in the staff may see the enrollment's data (the care team), and since when.</summary>
public sealed record CareTeamData(string Staff, bool Responsible, DateTimeOffset Since);

/// <summary>Time the care team registered spending on the patient's treatment.</summary>
public sealed record StaffTimeData(string Staff, int Minutes, DateTimeOffset At);

/// <summary>A clinical note or a piece of homework feedback (ModuleId set), with who wrote it.</summary>
public sealed record NoteData(string Staff, string Text, DateTimeOffset At, string? ModuleId = null);

public sealed record AnswerData(string BlockId, string FieldId, string Question, string Value, int Release, DateTimeOffset UpdatedAt);

public sealed record QuestionnaireData(string Questionnaire, int Total, int MaxTotal, string? Band, string? TrafficLight,
    IReadOnlyDictionary<string, int> Answers, int Release, DateTimeOffset SubmittedAt);

public sealed record ProgressData(string Verb, string ModuleId, string? ObjectId, int Release, DateTimeOffset At);

public sealed record AccessData(DateTimeOffset At, string Staff, string What);

/// <summary>Collects everything Delivery stores about the signed-in patient (the right of access, GDPR art. 15).</summary>
public sealed class PatientDataExport(DeliveryDbContext db, UserManager<DeliveryUser> users, ReleaseStore releases, TimeProvider clock,
    QuestionnaireResponses fhirResponses, Notifications.NotificationExport notifications)
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
        var messages = await db.Messages.AsNoTracking().Where(m => ids.Contains(m.EnrollmentId)).OrderBy(m => m.Id).ToListAsync(ct);
        var modules = await db.ModuleProgress.AsNoTracking().Where(m => ids.Contains(m.EnrollmentId)).ToListAsync(ct);
        var team = await db.CareTeamMembers.AsNoTracking().Where(m => ids.Contains(m.EnrollmentId)).ToListAsync(ct);
        var handled = await db.HandledReasons.AsNoTracking().Where(h => ids.Contains(h.EnrollmentId)).OrderBy(h => h.Id).ToListAsync(ct);
        var time = await db.StaffTimeEntries.AsNoTracking().Where(t => ids.Contains(t.EnrollmentId)).OrderBy(t => t.Id).ToListAsync(ct);
        var pageFeedback = await db.PageFeedback.AsNoTracking().Where(f => ids.Contains(f.EnrollmentId)).OrderBy(f => f.Id).ToListAsync(ct);
        var evaluations = await db.EvaluationAnswers.AsNoTracking().Where(a => ids.Contains(a.EnrollmentId)).OrderBy(a => a.Id).ToListAsync(ct);
        var decisions = await db.FollowUpDecisions.AsNoTracking().Where(d => ids.Contains(d.EnrollmentId)).OrderBy(d => d.Id).ToListAsync(ct);
        var plans = await db.PlanChanges.AsNoTracking().Where(c => ids.Contains(c.EnrollmentId)).OrderBy(c => c.Id).ToListAsync(ct);
        var staffIds = team.Select(m => m.StaffUserId).Concat(time.Select(t => t.StaffUserId)).Distinct().ToList();
        var staffNames = await db.Users.AsNoTracking().Where(u => staffIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
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
                feedback.Where(f => f.EnrollmentId == e.Id).Select(f => new NoteData(f.StaffName, f.Text, f.At, f.ModuleId)).ToList(),
                messages.Where(m => m.EnrollmentId == e.Id).Select(m => new MessageData(m.SenderName, m.FromPatient, m.Body, m.SentAt, m.ReadAt)).ToList(),
                modules.Where(m => m.EnrollmentId == e.Id).OrderBy(m => m.StartedAt).Select(m => new ModuleProgressData(m.ModuleId, m.StartedAt, m.CompletedAt)).ToList(),
                team.Where(m => m.EnrollmentId == e.Id).OrderBy(m => m.AddedAt)
                    .Select(m => new CareTeamData(staffNames.GetValueOrDefault(m.StaffUserId, ""), m.IsResponsible, m.AddedAt)).ToList(),
                time.Where(t => t.EnrollmentId == e.Id)
                    .Select(t => new StaffTimeData(staffNames.GetValueOrDefault(t.StaffUserId, ""), t.Minutes, t.At)).ToList(),
                pageFeedback.Where(f => f.EnrollmentId == e.Id)
                    .Select(f => new PageFeedbackData(f.ModuleId, f.PageId, f.Release, f.Useful, f.Comment, f.At)).ToList(),
                evaluations.Where(a => a.EnrollmentId == e.Id).Select(a => new EvaluationData(a.QuestionnaireId, a.Release,
                    System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(a.AnswersJson) ?? [], a.At)).ToList(),
                // Follow-up decisions: the kind (CallIn, Continue, End) and the note, as the patient sees them.
                decisions.Where(d => d.EnrollmentId == e.Id).Select(d => new NoteData(d.StaffName, $"{d.Kind}: {d.Note}".TrimEnd(' ', ':'), d.At)).ToList(),

                // Handled alerts and their notes are part of the record too, like clinical notes.
                handled.Where(h => h.EnrollmentId == e.Id).Select(h => new NoteData(h.StaffName, $"{h.ReasonText}: {h.Note}", h.At)).ToList(),

                plans.Where(c => c.EnrollmentId == e.Id).Select(c => new PlanChangeData(c.StaffName, c.ModuleId, c.Included, c.At)).ToList()));
        }
        return new PatientData(clock.GetUtcNow(),
            new AccountData(user.Id, user.DisplayName, user.Email, user.PreferredCulture is { Length: > 0 } chosen ? chosen : language, [.. await users.GetRolesAsync(user)]),
            list,
            access.OrderByDescending(a => a.At).Select(a => new AccessData(a.At, a.StaffName, a.What)).ToList(),
            await FhirAsync(user.Id, enrollments, results, ct),
            await notifications.CollectAsync(user.Id, ct));
    }

    private async Task<System.Text.Json.JsonElement> FhirAsync(string patientId, List<ProgramEnrollment> enrollments,
        List<QuestionnaireResult> results, CancellationToken ct)
    {
        var programs = enrollments.ToDictionary(e => e.Id, e => e.ProgramId);
        var responses = await fhirResponses.BuildAsync(patientId, results.OrderBy(r => r.Id).Select(r => (programs[r.EnrollmentId], r)), ct);
        var bundle = QuestionnaireResponses.Bundle(responses, Hl7.Fhir.Model.Bundle.BundleType.Collection);
        using var document = System.Text.Json.JsonDocument.Parse(FhirJson.Serialize(bundle));
        return document.RootElement.Clone();
    }
}

/// <summary>
/// Which tables <see cref="PatientDataExport"/> reads and which it leaves out, and why. Every entity type of the Delivery
/// model must be in exactly one of the two (a test enumerates the EF model), so a new table that holds patient data cannot
/// be forgotten in the download: whoever adds it must export it or write down here why not.
/// </summary>
public static class PatientDataCoverage
{
    /// <summary>Read by <see cref="PatientDataExport.CollectAsync"/>, filtered to the patient.</summary>
    public static readonly IReadOnlySet<Type> Exported = new HashSet<Type>
    {
        typeof(DeliveryUser), typeof(Microsoft.AspNetCore.Identity.IdentityUserRole<string>), typeof(ProgramEnrollment),
        typeof(Answer), typeof(QuestionnaireResult), typeof(ProgressEvent), typeof(ModuleProgress), typeof(ModuleOpening),
        typeof(ClinicalNote), typeof(HomeworkFeedback), typeof(Message), typeof(CareTeamMember), typeof(StaffTimeEntry),
        typeof(AccessLogEntry),
        typeof(Feedback.PageFeedback), typeof(Feedback.EvaluationAnswer), typeof(FollowUp.FollowUpDecision), typeof(HandledReason), typeof(PlanChange),
        typeof(Notifications.Notification), typeof(Notifications.NotificationPreferences),
    };

    /// <summary>Left out of the download, each with the reason.</summary>
    public static readonly IReadOnlyDictionary<Type, string> NotExported = new Dictionary<Type, string>
    {
        // Credentials: a download must never become a way to copy a sign-in. The patient manages them at /account/security.
        [typeof(IdentityUserClaim<string>)] = "credential data, none written by the app",
        [typeof(IdentityUserLogin<string>)] = "external sign-in credentials",
        [typeof(IdentityUserToken<string>)] = "secrets: the authenticator key and recovery codes",
        [typeof(IdentityUserPasskey<string>)] = "passkey public keys; listed on /account/security",
        [typeof(IdentityPasskeyData)] = "the passkey's stored credential (part of the row above)",
        [typeof(ContentPlatform.Platform.Sessions.LoginSession)] = "sign-in sessions (device family, times); listed on /account/security, and each id is part of a live sign-in",
        [typeof(Workload.WorkSession)] = "the patient a therapist is working on right now; gone when it ends as a time entry (exported)",
        [typeof(Invitation)] = "only a hash of the one-time code and its expiry; the enrollment it opened is exported",
        // Derived copies kept for aggregate statistics, rebuilt from the tables above; the facts are in the download.
        [typeof(ActivityDay)] = "derived from progress events (exported) for analytics",
        [typeof(EnrollmentSummary)] = "derived from the enrollment and its events (exported) for analytics",
        [typeof(ModuleSummary)] = "derived from module progress (exported) for analytics",
        [typeof(ScoreSummary)] = "derived from questionnaire results (exported) for analytics",
        [typeof(WaitSummary)] = "derived from messages (exported) for analytics",
        [typeof(CareDaySummary)] = "derived from staff time and notes (exported) for analytics",
        [typeof(ActiveBucket)] = "derived from progress events (exported) for analytics",
        [typeof(EnrollmentCounts)] = "derived from the enrollment's events (exported) for analytics",
        // No patient's data at all.
        [typeof(DayCountRow)] = "counts per day, no person",
        [typeof(DayTotalRow)] = "totals per day, no person",
        [typeof(AnalyticsCursor)] = "a position in the event log",
        [typeof(BaselineSnapshot)] = "aggregates with small cells suppressed",
        [typeof(ResearchExportLogEntry)] = "who exported which project, no patient",
        [typeof(StoredRelease)] = "published program content",
        [typeof(Safety.AlertEscalationSent)] = "a once key that a red reason was mailed to the clinic admins (no content; the handling is exported)",
        [typeof(StoredProgram)] = "published program content",
        [typeof(Fhir.FhirClientKey)] = "keys of the care team's integrations: a hash, a name and the staff member, no patient",
        [typeof(ContentPlatform.Platform.StaffAdmin.StaffAuditEntry)] = "staff administration (invitations, roles, deactivation): staff only, no patient",
        [typeof(ContentPlatform.Platform.StaffAdmin.StaffInvitation)] = "a staff member's one-time set-up link (a hash): staff only",
        // Outgoing mail waits here only until it is sent; it holds an address and a link, never health data.
        [typeof(ContentPlatform.Platform.Mail.OutboxMail)] = "the outgoing-mail queue: an address and a link, kept only until sent",
        [typeof(Feedback.ForwardedComment)] = "a clinic admin's de-identified copy of a comment for the content team; the patient's own comment is exported",
        [typeof(IdentityRole)] = "role names",
        [typeof(IdentityRoleClaim<string>)] = "role claims, no person",
        [typeof(Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey)] = "the server's cookie-signing keys",
    };
}
