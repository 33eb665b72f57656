using ContentPlatform.Delivery.Answers;
using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Messaging;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Contract.Releases;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Analytics;

/// <summary>
/// `seed-demo-activity` (Development only): half a year of synthetic activity for every program Delivery has, so the
/// indicator pages show something meaningful locally. Synthetic patients have no accounts and no care team (they never
/// appear in a caseload); their enrollments are marked CreatedBy = "demo-seed", which also makes the command idempotent.
/// </summary>
public static class DemoActivity
{
    public const string Marker = "demo-seed";

    public static async Task<int> RunAsync(WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            await Console.Error.WriteLineAsync("seed-demo-activity runs only in the Development environment.");
            return 2;
        }
        await using var scope = app.Services.CreateAsyncScope();
        var sync = scope.ServiceProvider.GetRequiredService<CmsSync>();
        var step = System.Diagnostics.Stopwatch.GetTimestamp();
        await sync.SyncAsync(CancellationToken.None); // the demo programs come from the Cms; fetch them now if it is up
        Console.WriteLine($"  fetched the releases from the Cms ({System.Diagnostics.Stopwatch.GetElapsedTime(step).TotalMilliseconds:0} ms)");
        var releases = scope.ServiceProvider.GetRequiredService<ReleaseStore>();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var seeded = 0;
        foreach (var entry in await releases.ProgramsAsync())
        {
            step = System.Diagnostics.Stopwatch.GetTimestamp();
            if (await releases.LatestAsync(entry.ProgramId) is { } release && await SeedAsync(db, release, now) is var n and > 0)
            {
                seeded += n;
                Console.WriteLine($"  seeded {n} synthetic patients in {entry.Slug} ({System.Diagnostics.Stopwatch.GetElapsedTime(step).TotalMilliseconds:0} ms)");
            }
        }
        Console.WriteLine(seeded == 0 ? "  demo activity already present (or no programs yet)" : $"  {seeded} synthetic patients in all");
        return 0;
    }

    /// <summary>
    /// Seeds one program (nothing when it already has demo activity); returns how many patients were added.
    /// <paramref name="patients"/> overrides the demo size (the benchmark seeds thousands); rows go in batches.
    /// </summary>
    public static async Task<int> SeedAsync(DeliveryDbContext db, ProgramRelease release, DateTimeOffset now, int? patients = null)
    {
        var content = release.Content;
        if (patients is null && await db.Enrollments.AnyAsync(e => e.ProgramId == content.Id && e.CreatedBy == Marker))
        {
            return 0;
        }
        // A stable seed per program (string hash codes differ per process), so the demo looks the same on every machine.
        var random = new Random(content.Id.Aggregate(17, (h, c) => unchecked(h * 31 + c)) & 0x7fffffff);
        var count = patients ?? (content.Kind == ProgramKind.Guided ? 160 : 260);
        for (var i = 0; i < count; i++)
        {
            Patient(db, content, release.Number, random, now, i);
            if (i % 1000 == 999 || i == count - 1)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }
        return count;
    }

    private static void Patient(DeliveryDbContext db, ProgramContent content, int release, Random random, DateTimeOffset now, int i)
    {
        var created = now.AddDays(-random.Next(1, 182)).AddHours(-random.Next(0, 12));
        var e = new ProgramEnrollment
        {
            ProgramId = content.Id, PatientId = $"{Marker}-{content.Id}-{i}", InviteeName = "", CreatedBy = Marker,
            CreatedAt = created, StartedAt = created,
        };
        db.Enrollments.Add(e);
        if (random.NextDouble() > 0.85)
        {
            return; // never started
        }
        var guided = content.Kind == ProgramKind.Guided;
        var questionnaire = content.Questionnaires.Count > 0 ? content.Questionnaires[0] : null;
        var score = 12 + random.Next(-4, 9);
        var t = created.AddHours(random.Next(2, 48));
        var completed = 0;
        foreach (var module in content.Modules)
        {
            if (t >= now)
            {
                break;
            }
            var start = t;
            Event(db, e, ProgressVerbs.Viewed, module.Id, release, start);
            var done = start.AddHours(random.Next(12, 24 * (guided ? 9 : 4)));
            var finishes = done < now && random.NextDouble() < (guided ? 0.82 : 0.75);
            db.ModuleProgress.Add(new ModuleProgress { EnrollmentId = e.Id, ModuleId = module.Id, StartedAt = start, CompletedAt = finishes ? done : null });
            if (questionnaire is not null && guided)
            {
                Score(db, e, module.Id, questionnaire.Id, release, start.AddMinutes(20), score);
                score = Math.Max(0, score - random.Next(-1, 4));
            }
            if (guided)
            {
                Message(db, e, true, start.AddHours(random.Next(1, 30)), now);
                Message(db, e, false, start.AddHours(30 + random.Next(1, 70)), now);
                if (start.AddDays(2) < now)
                {
                    db.StaffTimeEntries.Add(new StaffTimeEntry { EnrollmentId = e.Id, StaffUserId = Marker, Minutes = random.Next(8, 25), At = start.AddDays(2) });
                }
            }
            if (!finishes)
            {
                break;
            }
            Event(db, e, ProgressVerbs.Completed, module.Id, release, done);
            completed++;
            t = done.AddHours(random.Next(4, 24 * (guided ? 6 : 10)));
        }
        e.CompletedModules = completed;
        e.PercentComplete = content.Modules.Count == 0 ? 0 : 100 * completed / content.Modules.Count;
    }

    private static void Event(DeliveryDbContext db, ProgramEnrollment e, string verb, string moduleId, int release, DateTimeOffset at)
    {
        db.ProgressEvents.Add(new ProgressEvent { EnrollmentId = e.Id, Verb = verb, ModuleId = moduleId, Release = release, At = at });
        e.LastActivityAt = at;
    }

    private static void Score(DeliveryDbContext db, ProgramEnrollment e, string moduleId, string questionnaireId, int release, DateTimeOffset at, int total) =>
        db.QuestionnaireResults.Add(new QuestionnaireResult
        {
            EnrollmentId = e.Id, ModuleId = moduleId, BlockId = Marker, QuestionnaireId = questionnaireId, Release = release,
            SubmissionId = Guid.NewGuid(), AnswersJson = "{}", Total = total, MaxTotal = 27, SubmittedAt = at,
            TrafficLight = total >= 15 ? "red" : total >= 10 ? "yellow" : "green",
        });

    private static void Message(DeliveryDbContext db, ProgramEnrollment e, bool fromPatient, DateTimeOffset at, DateTimeOffset now)
    {
        if (at >= now)
        {
            return;
        }
        db.Messages.Add(new Message
        {
            EnrollmentId = e.Id, SenderId = fromPatient ? e.PatientId! : Marker, SenderName = "", FromPatient = fromPatient,
            Body = "", ClientId = Guid.NewGuid(), SentAt = at,
        });
    }
}
