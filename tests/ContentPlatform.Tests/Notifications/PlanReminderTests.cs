using ContentPlatform.Contract.Questionnaires;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Delivery.Notifications;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Delivery.Schedules;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ContentPlatform.Tests.Notifications;

/// <summary>Reminders follow the patient's plan: a module hidden from it is neither announced nor asks for its questionnaire.</summary>
public sealed class PlanReminderTests
{
    /// <summary>Thursday 14 January 2027, 12:00 in Oslo.</summary>
    private static readonly DateTimeOffset WinterNoon = new(2027, 1, 14, 11, 0, 0, TimeSpan.Zero);

    /// <summary>Three modules, the second optional, and a questionnaire asked at the start of every module.</summary>
    private static ProgramContent AtModuleStartWithOptionalSecond()
    {
        var program = SamplePrograms.Guided();
        return program with
        {
            Modules = program.Modules.Select(m => m.Id == SamplePrograms.ModuleId(2) ? m with { Optional = true } : m).ToList(),
            Questionnaires = [SamplePrograms.Weekly() with { When = [QuestionnaireSchedule.ModuleStart] }],
        };
    }

    [Fact]
    public async Task A_module_hidden_from_the_plan_is_not_announced_and_asks_no_questionnaire_until_the_therapist_adds_it()
    {
        var clock = new FakeTimeProvider(WinterNoon);
        await using var app = await NotifyApp.CreateAsync(Db.Sqlite, clock);
        await app.Services.StoreReleaseAsync(AtModuleStartWithOptionalSecond(), 1);
        var (therapist, _, enrollment) = await app.Services.CareTeamAsync();
        var m2 = SamplePrograms.ModuleId(2);
        await app.DbAsync(async db =>
        {
            await db.Enrollments.Where(e => e.Id == enrollment).ExecuteUpdateAsync(s => s
                .SetProperty(e => e.StartedAt, WinterNoon.AddDays(-1)).SetProperty(e => e.LastActivityAt, WinterNoon));
            // The therapist opened the optional module (the opener allows it) and the patient had started it once.
            db.ModuleOpenings.Add(new ModuleOpening { EnrollmentId = enrollment, ModuleId = m2, OpenedBy = therapist.Id, OpenedAt = WinterNoon.AddHours(-2) });
            db.ModuleProgress.Add(new ModuleProgress { EnrollmentId = enrollment, ModuleId = m2, StartedAt = WinterNoon.AddHours(-1) });
            await db.SaveChangesAsync();
        });

        await app.SweepAsync();
        Assert.Empty(await app.NotificationsAsync());
        Assert.Empty(await DueAsync(app, enrollment));

        await app.DbAsync(async db =>
        {
            db.PlanChanges.Add(new PlanChange { EnrollmentId = enrollment, ModuleId = m2, Included = true, StaffUserId = therapist.Id, At = WinterNoon });
            await db.SaveChangesAsync();
        });
        await app.SweepAsync();
        Assert.Equal([$"module-opened:{enrollment}:{m2}", $"questionnaire-due:module-start:{enrollment}:{SamplePrograms.GuidedId}-weekly:{m2}"],
            (await app.NotificationsAsync()).Select(n => n.OnceKey).Order(StringComparer.Ordinal));
        Assert.Equal($"module-start:{enrollment}:{SamplePrograms.GuidedId}-weekly:{m2}", Assert.Single(await DueAsync(app, enrollment)).OccurrenceKey);
    }

    private static async Task<IReadOnlyList<DueQuestionnaire>> DueAsync(NotifyApp app, Guid enrollment)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DueQuestionnaires>().ForEnrollmentsAsync([enrollment], app.Clock.GetUtcNow(), CancellationToken.None);
    }
}
