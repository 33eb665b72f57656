using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Answers;
using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Messaging;
using ContentPlatform.Delivery.AccessLogs;
using ContentPlatform.Delivery.MyData;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Tests.CareTeams;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.MyData;

/// <summary>The patient's download holds every table with their data; a new table must be exported or excluded with a reason.</summary>
public sealed class PatientDataExportTests
{
    [Fact]
    public async Task Every_table_of_the_Delivery_model_is_either_exported_or_excluded_with_a_reason()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        var model = await app.DbAsync(d => Task.FromResult(d.Model));
        var tables = model.GetEntityTypes().Select(e => e.ClrType).Distinct().ToList();

        var forgotten = tables.Where(t => !PatientDataCoverage.Exported.Contains(t) && !PatientDataCoverage.NotExported.ContainsKey(t))
            .Select(t => t.Name).ToList();
        Assert.True(forgotten.Count == 0,
            $"Not in the patient's download and not excluded with a reason (PatientDataCoverage): {string.Join(", ", forgotten)}");
        Assert.DoesNotContain(PatientDataCoverage.Exported, PatientDataCoverage.NotExported.ContainsKey);
        Assert.All(PatientDataCoverage.NotExported.Values, reason => Assert.False(string.IsNullOrWhiteSpace(reason)));
        // Both lists name only tables that exist, so they stay a true picture of the model.
        Assert.DoesNotContain(PatientDataCoverage.Exported.Concat(PatientDataCoverage.NotExported.Keys), t => !tables.Contains(t));
    }

    [Fact]
    public async Task The_download_holds_the_patient_s_rows_of_every_exported_table()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var tone = await app.TherapistAsync("tone@example.no", "Tone Terapeut");
        var (patientId, enrollment) = await app.PatientOfAsync(tone.Id, "anne@example.no", "Anne Eksport");
        var at = DateTimeOffset.UtcNow;

        // One row per exported table, each with a value found nowhere else; tables the enrollment itself fills are named
        // by what it wrote.
        var markers = new Dictionary<Type, (string Marker, Func<DeliveryDbContext, Task>? Seed)>
        {
            [typeof(DeliveryUser)] = ("Anne Eksport", null),
            [typeof(IdentityUserRole<string>)] = ($"\"{DeliveryRoles.Patient}\"", null),
            [typeof(ProgramEnrollment)] = (enrollment.ToString(), null),
            [typeof(CareTeamMember)] = ("Tone Terapeut", null),
            [typeof(Answer)] = ("answer-marker", d => Add(d, new Answer
            {
                EnrollmentId = enrollment, ModuleId = "m", BlockId = "b", FieldId = "f", Value = "answer-marker", Release = 1, UpdatedAt = at,
            })),
            [typeof(QuestionnaireResult)] = ("questionnaire-marker", d => Add(d, new QuestionnaireResult
            {
                EnrollmentId = enrollment, ModuleId = "m", BlockId = "b", QuestionnaireId = "questionnaire-marker", SubmissionId = Guid.NewGuid(),
                AnswersJson = "{\"i1\":2}", Total = 2, MaxTotal = 4, SubmittedAt = at,
            })),
            [typeof(ProgressEvent)] = ("event-marker", d => Add(d, new ProgressEvent
            {
                EnrollmentId = enrollment, Verb = ProgressVerbs.Passed, ModuleId = "m", ObjectId = "event-marker", Release = 1, At = at,
            })),
            [typeof(ModuleProgress)] = ("progress-marker", d => Add(d, new ModuleProgress { EnrollmentId = enrollment, ModuleId = "progress-marker", StartedAt = at })),
            [typeof(ModuleOpening)] = ("opening-marker", d => Add(d, new ModuleOpening
            {
                EnrollmentId = enrollment, ModuleId = "opening-marker", OpenedBy = tone.Id, OpenedAt = at,
            })),
            [typeof(ClinicalNote)] = ("note-marker", d => Add(d, new ClinicalNote
            {
                EnrollmentId = enrollment, StaffUserId = tone.Id, StaffName = "Tone Terapeut", Text = "note-marker", At = at,
            })),
            [typeof(HandledReason)] = ("handled-marker", d => Add(d, new HandledReason
            {
                EnrollmentId = enrollment, ReasonKey = "result:1:band", Light = "red", ReasonText = "Ukesjekk", StaffUserId = tone.Id,
                StaffName = "Tone Terapeut", Note = "handled-marker", At = at,
            })),
            [typeof(HomeworkFeedback)] = ("feedback-marker", d => Add(d, new HomeworkFeedback
            {
                EnrollmentId = enrollment, ModuleId = "m", StaffUserId = tone.Id, StaffName = "Tone Terapeut", Text = "feedback-marker", At = at,
            })),
            [typeof(Message)] = ("message-marker", d => Add(d, new Message
            {
                EnrollmentId = enrollment, SenderId = tone.Id, SenderName = "Tone Terapeut", Body = "message-marker", ClientId = Guid.NewGuid(), SentAt = at,
            })),
            [typeof(StaffTimeEntry)] = ("4711", d => Add(d, new StaffTimeEntry { EnrollmentId = enrollment, StaffUserId = "gone", Minutes = 4711, At = at })),
            [typeof(ContentPlatform.Delivery.Feedback.PageFeedback)] = ("page-feedback-marker", d => Add(d, new ContentPlatform.Delivery.Feedback.PageFeedback
            {
                EnrollmentId = enrollment, ProgramId = "p", Release = 1, ModuleId = "m", PageId = "page", Useful = true, Comment = "page-feedback-marker", At = at,
            })),
            [typeof(ContentPlatform.Delivery.Feedback.EvaluationAnswer)] = ("evaluation-marker", d => Add(d, new ContentPlatform.Delivery.Feedback.EvaluationAnswer
            {
                EnrollmentId = enrollment, ProgramId = "p", QuestionnaireId = "evaluation-marker", Release = 1, AnswersJson = "{\"nytte\":2}", At = at,
            })),
            [typeof(ContentPlatform.Delivery.FollowUp.FollowUpDecision)] = ("decision-marker", d => Add(d, new ContentPlatform.Delivery.FollowUp.FollowUpDecision
            {
                EnrollmentId = enrollment, Kind = ContentPlatform.Delivery.FollowUp.FollowUpDecisionKind.CallIn, Note = "decision-marker",
                StaffUserId = tone.Id, StaffName = "Tone Terapeut", At = at,
            })),
            [typeof(ContentPlatform.Delivery.Progress.PlanChange)] = ("plan-marker", d => Add(d, new ContentPlatform.Delivery.Progress.PlanChange
            {
                EnrollmentId = enrollment, ModuleId = "plan-marker", Included = true, StaffUserId = tone.Id, StaffName = "Tone Terapeut", At = at,
            })),
            [typeof(ContentPlatform.Delivery.Notifications.NotificationPreferences)] = ("4791234567", d => Add(d,
                new ContentPlatform.Delivery.Notifications.NotificationPreferences { PatientId = patientId, Sms = true, Phone = "+4791234567", QuietFromHour = 22, QuietUntilHour = 7 })),
            // Sent at 11:00 UTC in January: 12:00 in Norwegian time.
            [typeof(ContentPlatform.Delivery.Notifications.Notification)] = ("2027-01-14T12:00:00+01:00", d => Add(d, new ContentPlatform.Delivery.Notifications.Notification
            {
                OnceKey = "once", PatientId = patientId, EnrollmentId = enrollment, Kind = ContentPlatform.Delivery.Notifications.NotificationKinds.QuestionnaireDue,
                Channels = "inapp,sms", CreatedAtMs = WinterNoonMs, SentAtMs = WinterNoonMs,
            })),
            [typeof(AccessLogEntry)] = ("access-marker", async d =>
            {
                await using var scope = app.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<AccessLog>()
                    .WriteAsync(patientId, tone.Id, "access-marker", AccessKinds.Overview, enrollment, CancellationToken.None);
            }),
        };
        Assert.Empty(PatientDataCoverage.Exported.Where(t => !markers.ContainsKey(t)).Select(t => t.Name)); // a new exported table needs a row here
        foreach (var (_, seed) in markers.Values)
        {
            if (seed is not null)
            {
                await app.DbAsync(seed);
            }
        }

        var patient = await app.SignedInClientAsync("anne@example.no");
        var download = await patient.GetStringAsync("/my-data/download");
        var missing = markers.Where(m => !download.Contains(m.Value.Marker, StringComparison.Ordinal)).Select(m => m.Key.Name).ToList();
        Assert.True(missing.Count == 0, $"The download lacks the patient's rows of: {string.Join(", ", missing)}");
        Assert.Contains("\"quietHours\": \"22–07\"", download, StringComparison.Ordinal);
        Assert.Contains("\"channels\": \"inapp,sms\"", download, StringComparison.Ordinal);
    }

    /// <summary>Thursday 14 January 2027, 11:00 UTC.</summary>
    private static readonly long WinterNoonMs = new DateTimeOffset(2027, 1, 14, 11, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static async Task Add<T>(DeliveryDbContext db, T row) where T : class
    {
        db.Add(row);
        await db.SaveChangesAsync();
    }
}
