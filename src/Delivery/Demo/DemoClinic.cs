using System.Diagnostics;
using System.Security.Claims;
using ContentPlatform.Contract.Questionnaires;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Delivery.Answers;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Messaging;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Delivery.Tailoring;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Demo;

/// <summary>
/// The demo clinic in motion (Development only, part of `seed-demo-activity`): the demo therapist's patients in the first
/// guided program, each at a point of the program that gives the caseload one light — Kari red (an alert in her weekly
/// check), Anne yellow (mid-program, her message waiting past the reply time), Ola green (just started). Each patient
/// goes in through the real services (invitation, module opening, questionnaire scoring, module completion) on a clock
/// set to the day it happened, in one transaction per patient, so the rows are what the app itself would have written.
/// Idempotent: a patient already in the program is left as they are.
/// </summary>
public sealed class DemoClinic(IServiceProvider services, DeliveryDbContext db, UserManager<DeliveryUser> users, ReleaseStore releases,
    TimeProvider clock)
{
    public const string Therapist = "therapist@demo.local";

    /// <summary>Who, in the order the caseload shows them (most urgent first).</summary>
    public static readonly string[] Patients = ["kari@demo.local", "anne@demo.local", "ola@demo.local"];

    /// <summary>`seed-demo-activity`: the synthetic activity behind the indicators, then the demo therapist's caseload.</summary>
    public static async Task<int> RunAsync(WebApplication app)
    {
        var started = Stopwatch.GetTimestamp();
        if (await Analytics.DemoActivity.RunAsync(app) is var code and not 0)
        {
            return code;
        }
        await using var scope = app.Services.CreateAsyncScope();
        foreach (var line in await ActivatorUtilities.CreateInstance<DemoClinic>(scope.ServiceProvider).SeedAsync(CancellationToken.None))
        {
            Console.WriteLine($"  demo clinic: {line}");
        }
        Console.WriteLine($"  seeding took {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        return 0;
    }

    public async Task<IReadOnlyList<string>> SeedAsync(CancellationToken ct)
    {
        var therapist = await users.FindByEmailAsync(Therapist);
        var program = await GuidedProgramAsync(ct);
        if (therapist is null || program is null)
        {
            return [therapist is null ? $"no demo therapist {Therapist} (run demo-accounts first)" : "no guided program with a questionnaire yet"];
        }
        var lines = new List<string>();
        foreach (var email in Patients)
        {
            var started = Stopwatch.GetTimestamp();
            var patient = await users.FindByEmailAsync(email);
            if (patient is null)
            {
                lines.Add($"{email}: no such demo account");
                continue;
            }
            if (await db.Enrollments.AnyAsync(e => e.PatientId == patient.Id && e.ProgramId == program.Value.Release.Content.Id, ct))
            {
                lines.Add($"{email}: already in {program.Value.Release.Content.Slug}");
                continue;
            }
            var strategy = db.Database.CreateExecutionStrategy();
            await strategy.ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await (email switch
                {
                    "kari@demo.local" => RedAsync(therapist, patient, program.Value, ct),
                    "anne@demo.local" => YellowAsync(therapist, patient, program.Value, ct),
                    _ => GreenAsync(therapist, patient, program.Value, ct),
                });
                await transaction.CommitAsync(ct);
            });
            db.ChangeTracker.Clear();
            lines.Add($"{email}: enrolled in {program.Value.Release.Content.Slug} ({Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms)");
        }
        return lines;
    }

    /// <summary>The first guided program whose first module has a questionnaire block (the demo "Meistring av uro").</summary>
    private async Task<(ProgramRelease Release, QuestionnaireBlock Check)?> GuidedProgramAsync(CancellationToken ct)
    {
        foreach (var entry in (await releases.ProgramsAsync(ct)).Where(p => p is { Kind: ProgramKind.Guided, Withdrawn: false }).OrderBy(p => p.ProgramId))
        {
            if (await releases.LatestAsync(entry.ProgramId, ct) is { Content.Modules.Count: > 1 } release
                && release.Content.Modules[0].Pages.SelectMany(p => p.Blocks).OfType<QuestionnaireBlock>().FirstOrDefault() is { } check
                && release.Content.Questionnaires.Any(q => q.Id == check.Ref))
            {
                return (release, check);
            }
        }
        return null;
    }

    /// <summary>Kari: enrolled nine days ago; two days ago her weekly check fired the program's alert (and a red total).</summary>
    private async Task RedAsync(DeliveryUser therapist, DeliveryUser patient, (ProgramRelease Release, QuestionnaireBlock Check) program, CancellationToken ct)
    {
        var at = new Clock(clock.GetUtcNow().AddDays(-9));
        var enrollment = await EnrollAsync(at, therapist, patient, program.Release, ct);
        at.Set(clock.GetUtcNow().AddDays(-2));
        await AnswerAsync(at, patient, enrollment, program, SeverityColor.Red, alert: true, ct);
    }

    /// <summary>
    /// Anne: three weeks in. She answered the weekly check and finished module 1, the therapist replied and opened module 2,
    /// she answered again, and four days ago she wrote a question that is still waiting (past the reply time).
    /// </summary>
    private async Task YellowAsync(DeliveryUser therapist, DeliveryUser patient, (ProgramRelease Release, QuestionnaireBlock Check) program, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var content = program.Release.Content;
        var at = new Clock(now.AddDays(-20));
        var enrollment = await EnrollAsync(at, therapist, patient, program.Release, ct);
        at.Set(now.AddDays(-19));
        await AnswerAsync(at, patient, enrollment, program, SeverityColor.Yellow, alert: false, ct, above: 1);
        at.Set(now.AddDays(-14));
        var answers = ActivatorUtilities.CreateInstance<AnswerService>(services, at, new ProgressRecorder(at));
        var (completed, _) = await answers.CompleteModuleAsync((await ProgramAsync(at, patient, enrollment, ct))!, content.Modules[0].Id, ct);
        Check(completed == SaveOutcome.Saved, "module 1 not completed");
        Message(enrollment, patient, true, now.AddDays(-13), "Hei! Jeg har gjort ferdig første modul. Det var fint å skrive ned målene mine.");
        Message(enrollment, therapist, false, now.AddDays(-12),
            "Hei Anne! Så bra at du er i gang. Jeg har åpnet neste modul for deg, om kroppen og følelsene. Skriv gjerne hvordan pusteøvelsen går.");
        at.Set(now.AddDays(-12));
        Check(await ActivatorUtilities.CreateInstance<ModuleOpener>(services, at).OpenAsync(therapist.Id, enrollment, content.Modules[1].Id, ct) is not null,
            "module 2 not opened");
        at.Set(now.AddDays(-5));
        await AnswerAsync(at, patient, enrollment, program, SeverityColor.Yellow, alert: false, ct);
        Message(enrollment, patient, true, now.AddDays(-4),
            "Pusteøvelsen hjelper litt om kvelden, men jeg får den ikke til på jobb. Har du et tips?");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Ola: accepted his invitation yesterday; nothing to act on yet.</summary>
    private async Task GreenAsync(DeliveryUser therapist, DeliveryUser patient, (ProgramRelease Release, QuestionnaireBlock Check) program, CancellationToken ct) =>
        await EnrollAsync(new Clock(clock.GetUtcNow().AddDays(-1)), therapist, patient, program.Release, ct);

    private async Task<Guid> EnrollAsync(Clock at, DeliveryUser therapist, DeliveryUser patient, ProgramRelease release, CancellationToken ct)
    {
        var enrolling = ActivatorUtilities.CreateInstance<EnrollmentService>(services, at);
        var (error, enrollment, code) = await enrolling.InviteAsync(release.Content.Id, patient.DisplayName, therapist.Id, ct);
        Check(error == EnrollError.None && await enrolling.AcceptAsync(code!, patient.Id, ct), $"invitation failed: {error}");
        return enrollment!.Id;
    }

    /// <summary>
    /// The weekly check, sent as a patient sends it and scored by the questionnaire's own rules. The answers are chosen
    /// from the questionnaire itself: a total <paramref name="above"/> points into the band of <paramref name="color"/>,
    /// and the first alert rule tripped or every one kept clear, so the demo works with whatever check the program has.
    /// </summary>
    private async Task AnswerAsync(Clock at, DeliveryUser patient, Guid enrollment, (ProgramRelease Release, QuestionnaireBlock Check) program,
        SeverityColor color, bool alert, CancellationToken ct, int above = 0)
    {
        var definition = program.Release.Content.Questionnaires.First(q => q.Id == program.Check.Ref);
        var answers = Answers(definition, (definition.Bands.FirstOrDefault(b => b.Color == color)?.From ?? 0) + above, alert);
        var service = ActivatorUtilities.CreateInstance<AnswerService>(services, at, new ProgressRecorder(at));
        var outcome = await service.SubmitQuestionnaireAsync((await ProgramAsync(at, patient, enrollment, ct))!, program.Check.Id, answers,
            Guid.NewGuid(), program.Release.Number, ct);
        Check(outcome.Outcome == SaveOutcome.Saved, $"questionnaire not saved: {outcome.Outcome}");
    }

    private static Dictionary<string, int> Answers(QuestionnaireDefinition definition, int total, bool alert)
    {
        var answers = new Dictionary<string, int>(StringComparer.Ordinal);
        var fired = alert && definition.Alerts.Count > 0 ? definition.Alerts[0] : null;
        int Pick(QuestionnaireItem item, int wanted)
        {
            // Below every alert rule on the item unless it is the one to fire; the largest option that fits.
            var ceiling = item.Id == fired?.Item ? int.MaxValue
                : definition.Alerts.Where(a => a.Item == item.Id).Select(a => a.AtLeast - 1).DefaultIfEmpty(int.MaxValue).Min();
            var values = definition.OptionsFor(item).Select(o => o.Value).Order().ToList();
            return values.LastOrDefault(v => v <= Math.Min(wanted, ceiling), values.FirstOrDefault());
        }
        if (fired is not null && definition.Items.FirstOrDefault(i => i.Id == fired.Item) is { } alerting)
        {
            answers[alerting.Id] = Math.Max(fired.AtLeast, Pick(alerting, fired.AtLeast));
        }
        foreach (var item in definition.Items.Where(i => !answers.ContainsKey(i.Id)))
        {
            answers[item.Id] = Pick(item, Math.Max(0, total - answers.Values.Sum()));
        }
        return answers;
    }

    private Task<PatientProgram?> ProgramAsync(Clock at, DeliveryUser patient, Guid enrollment, CancellationToken ct) =>
        ActivatorUtilities.CreateInstance<PatientEnrollments>(services, at).FindAsync(
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, patient.Id)], "demo")), enrollment, ct);

    /// <summary>Messages are stored as the thread stores them; the live fan-out has nobody to reach while seeding.</summary>
    private void Message(Guid enrollment, DeliveryUser sender, bool fromPatient, DateTimeOffset at, string body) =>
        db.Messages.Add(new Message
        {
            EnrollmentId = enrollment, SenderId = sender.Id, SenderName = sender.DisplayName, FromPatient = fromPatient, Body = body,
            ClientId = Guid.NewGuid(), SentAt = at, ReadAt = fromPatient ? null : at.AddHours(3),
        });

    private static void Check(bool ok, string what)
    {
        if (!ok)
        {
            throw new InvalidOperationException($"demo clinic: {what}");
        }
    }

    /// <summary>The day a seeded step happened: the services read their time from it.</summary>
    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public void Set(DateTimeOffset now) => _now = now;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
