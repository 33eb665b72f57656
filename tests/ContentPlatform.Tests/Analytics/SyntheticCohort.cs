using ContentPlatform.Delivery.Answers;
using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Messaging;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Analytics;

/// <summary>
/// 200 synthetic patients with scripted progress in two programs, written straight into the Delivery database, so every
/// indicator has an answer that can be worked out by hand (the derivations are in <see cref="IndicatorTests"/>).
///
/// Period: Monday 2026-01-05 to Sunday 2026-03-29 (12 weeks). Patient i of a program is enrolled on the Tuesday of
/// week (i mod 12) for the guided program, (i mod 8) for the course, at 08:00 UTC. Day offsets below are from that Tuesday.
///
/// Guided program (rolig-pust, 3 modules, organisation "Helse Test"), 120 patients, by i:
///   0–9    never start
///   10–29  start module 1 (+1d 09:00), nothing more; one questionnaire (+1d 10:00)
///   30–54  module 1 +1d 09:00 → completed +2d 09:00; module 2 started +2d 09:00
///   55–59  as above, module 2 completed +3d 09:00, module 3 started +3d 09:00
///   60–119 as above, module 2 completed +3d 21:00, module 3 started +3d 21:00 and completed +4d 09:00 (completes all)
///   30–119 questionnaire twice: 10 at +1d 10:00, then 10 + [−6, −2, 0, +2, +6][i mod 5] at +2d 10:00; first light
///          red/yellow/green by i mod 3 = 0/1/2, last light green when i is even, else yellow
///   30–119 messages: patient +1d 10:00, care team (i mod 4 + 1) × 6 h later; patient +2d 10:00 and 11:00, care team +2d 13:00
///   60–119 therapist time: 15 min at +1d, 25 min at +3d
/// Course (sov-godt, 2 modules, organisation "Helse Annen"), 80 patients; patients 0–19 are the same people as guided
/// patients 60–79 (so the whole platform has 180 unique patients), by i mod 4:
///   0      never start
///   1      module 1 started +1d 09:00
///   2, 3   module 1 +1d 09:00 → completed +1d 12:00, module 2 started and completed +2d 09:00
/// </summary>
public static class SyntheticCohort
{
    public static readonly DateOnly From = new(2026, 1, 5);
    public static readonly DateOnly To = new(2026, 3, 29);
    public const string Guided = SamplePrograms.GuidedId;
    public const string Course = SamplePrograms.CourseId;
    public const string GuidedOrganisation = "Helse Test";
    public const string CourseOrganisation = "Helse Annen";
    public const string Questionnaire = "rolig-pust-weekly";

    public static async Task SeedAsync(IServiceProvider services)
    {
        await services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        await services.StoreReleaseAsync(SamplePrograms.Course() with { Organisation = CourseOrganisation }, 1);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        for (var i = 0; i < 120; i++)
        {
            AddGuided(db, i);
        }
        for (var i = 0; i < 80; i++)
        {
            AddCourse(db, i);
        }
        await db.SaveChangesAsync();
    }

    private static DateTimeOffset Tuesday(int week) =>
        new DateTimeOffset(From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(7 * week + 1);

    private static void AddGuided(DeliveryDbContext db, int i)
    {
        var t = Tuesday(i % 12);
        var e = Enrollment(db, Guided, $"patient-a-{i}", t.AddHours(8));
        if (i < 10)
        {
            return;
        }
        string M(int n) => SamplePrograms.ModuleId(n);
        Module(db, e, M(1), t.AddDays(1).AddHours(9), i >= 30 ? t.AddDays(2).AddHours(9) : null);
        Score(db, e, t.AddDays(1).AddHours(10), 10, (i % 3) switch { 0 => "red", 1 => "yellow", _ => "green" });
        if (i < 30)
        {
            return;
        }
        Module(db, e, M(2), t.AddDays(2).AddHours(9), i switch { < 55 => null, < 60 => t.AddDays(3).AddHours(9), _ => t.AddDays(3).AddHours(21) });
        if (i >= 55)
        {
            Module(db, e, M(3), i < 60 ? t.AddDays(3).AddHours(9) : t.AddDays(3).AddHours(21), i < 60 ? null : t.AddDays(4).AddHours(9));
        }
        int[] changes = [-6, -2, 0, 2, 6];
        Score(db, e, t.AddDays(2).AddHours(10), 10 + changes[i % 5], i % 2 == 0 ? "green" : "yellow");
        Message(db, e, true, t.AddDays(1).AddHours(10));
        Message(db, e, false, t.AddDays(1).AddHours(10 + (i % 4 + 1) * 6));
        Message(db, e, true, t.AddDays(2).AddHours(10));
        Message(db, e, true, t.AddDays(2).AddHours(11));
        Message(db, e, false, t.AddDays(2).AddHours(13));
        if (i >= 60)
        {
            db.StaffTimeEntries.Add(new StaffTimeEntry { EnrollmentId = e.Id, StaffUserId = "therapist-1", Minutes = 15, At = t.AddDays(1).AddHours(15) });
            db.StaffTimeEntries.Add(new StaffTimeEntry { EnrollmentId = e.Id, StaffUserId = "therapist-1", Minutes = 25, At = t.AddDays(3).AddHours(15) });
        }
    }

    private static void AddCourse(DeliveryDbContext db, int i)
    {
        var t = Tuesday(i % 8);
        var e = Enrollment(db, Course, i < 20 ? $"patient-a-{60 + i}" : $"patient-b-{i}", t.AddHours(8));
        if (i % 4 == 0)
        {
            return;
        }
        var done = i % 4 >= 2;
        Module(db, e, $"{Course}-m1", t.AddDays(1).AddHours(9), done ? t.AddDays(1).AddHours(12) : null);
        if (done)
        {
            Module(db, e, $"{Course}-m2", t.AddDays(2).AddHours(9), t.AddDays(2).AddHours(9));
        }
    }

    private static ProgramEnrollment Enrollment(DeliveryDbContext db, string programId, string patientId, DateTimeOffset at)
    {
        var e = new ProgramEnrollment { ProgramId = programId, PatientId = patientId, CreatedBy = "therapist-1", CreatedAt = at, StartedAt = at, InviteeName = "Synthetic" };
        db.Enrollments.Add(e);
        return e;
    }

    private static void Module(DeliveryDbContext db, ProgramEnrollment e, string moduleId, DateTimeOffset started, DateTimeOffset? completed)
    {
        db.ModuleProgress.Add(new ModuleProgress { EnrollmentId = e.Id, ModuleId = moduleId, StartedAt = started, CompletedAt = completed });
        db.ProgressEvents.Add(new ProgressEvent { EnrollmentId = e.Id, Verb = ProgressVerbs.Viewed, ModuleId = moduleId, ObjectId = "page", Release = 1, At = started });
        if (completed is { } c)
        {
            db.ProgressEvents.Add(new ProgressEvent { EnrollmentId = e.Id, Verb = ProgressVerbs.Completed, ModuleId = moduleId, Release = 1, At = c });
        }
        e.LastActivityAt = completed ?? started;
    }

    private static void Score(DeliveryDbContext db, ProgramEnrollment e, DateTimeOffset at, int total, string light) =>
        db.QuestionnaireResults.Add(new QuestionnaireResult
        {
            EnrollmentId = e.Id, ModuleId = "m", BlockId = "b", QuestionnaireId = Questionnaire, SubmissionId = Guid.NewGuid(),
            AnswersJson = "{}", Total = total, MaxTotal = 30, TrafficLight = light, SubmittedAt = at,
        });

    private static void Message(DeliveryDbContext db, ProgramEnrollment e, bool fromPatient, DateTimeOffset at) =>
        db.Messages.Add(new Message
        {
            EnrollmentId = e.Id, SenderId = fromPatient ? e.PatientId! : "therapist-1", SenderName = fromPatient ? "Synthetic patient" : "Therapist",
            FromPatient = fromPatient, Body = "Hemmelig meldingstekst", ClientId = Guid.NewGuid(), SentAt = at,
        });
}
