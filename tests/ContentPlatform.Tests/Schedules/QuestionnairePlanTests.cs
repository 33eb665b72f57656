using ContentPlatform.Contract.Questionnaires;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Schedules;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.Schedules;

/// <summary>The schedule arithmetic of questionnaires on a plan, with no database.</summary>
public sealed class QuestionnairePlanTests
{
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
    private static readonly Guid Enrollment = Guid.Parse("11111111-2222-3333-4444-555555555555");

    private static PlanFacts Facts(DateTimeOffset started, Dictionary<string, DateTimeOffset>? modules = null, DateTimeOffset? completed = null) =>
        new(Enrollment, started, modules ?? [], completed);

    private static ProgramContent Program(params QuestionnaireSchedule[] when) =>
        SamplePrograms.Guided() with { Questionnaires = [SamplePrograms.Weekly() with { When = when }] };

    private static ProgramContent FollowUp(int intervalDays = 14, int weeks = 52) =>
        SamplePrograms.Guided() with
        {
            Kind = ProgramKind.FollowUp, Modules = [], Questionnaires = [SamplePrograms.Weekly() with { When = [] }],
            CheckIns = new CheckInSchedule { Questionnaires = [SamplePrograms.Weekly().Id], IntervalDays = intervalDays, DurationWeeks = weeks },
        };

    [Fact]
    public void A_weekly_questionnaire_falls_due_at_the_same_wall_clock_time_each_week_across_the_autumn_clock_change()
    {
        // Monday 19 October 2026 09:00 in Oslo (summer time, UTC+2); clocks go back on 25 October.
        var started = new DateTimeOffset(2026, 10, 19, 9, 0, 0, TimeSpan.FromHours(2));
        var due = QuestionnairePlan.DueBy(Program(QuestionnaireSchedule.Weekly), Facts(started), started.AddDays(15), Oslo).ToList();

        Assert.Equal([$"weekly:{Enrollment}:rolig-pust-weekly:1", $"weekly:{Enrollment}:rolig-pust-weekly:2"], due.Select(o => o.Key));
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 9, 0, 0, TimeSpan.FromHours(1)), due[0].DueAt); // 09:00 winter time = 08:00 UTC
        Assert.Equal(TimeSpan.FromHours(8), due[0].DueAt.UtcDateTime.TimeOfDay);
    }

    [Fact]
    public void Nothing_weekly_is_due_before_the_first_week_has_passed()
    {
        var started = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        Assert.Empty(QuestionnairePlan.DueBy(Program(QuestionnaireSchedule.Weekly), Facts(started), started.AddDays(7).AddSeconds(-1), Oslo));
        Assert.Single(QuestionnairePlan.DueBy(Program(QuestionnaireSchedule.Weekly), Facts(started), started.AddDays(7), Oslo));
    }

    [Fact]
    public void A_module_start_questionnaire_falls_due_when_the_patient_starts_the_module_that_names_it()
    {
        var started = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        var content = Program(QuestionnaireSchedule.ModuleStart) is var p
            ? p with { Modules = [p.Modules[0], p.Modules[1] with { Questionnaire = SamplePrograms.Weekly().Id }, p.Modules[2]] }
            : null!;
        var moduleTwo = content.Modules[1].Id;
        var facts = Facts(started, new() { [content.Modules[0].Id] = started, [moduleTwo] = started.AddDays(9) });

        Assert.Empty(QuestionnairePlan.DueBy(content, facts, started.AddDays(8), Oslo)); // module 1 does not name it
        var due = Assert.Single(QuestionnairePlan.DueBy(content, facts, started.AddDays(10), Oslo));
        Assert.Equal($"module-start:{Enrollment}:rolig-pust-weekly:{moduleTwo}", due.Key);
        Assert.Equal(started.AddDays(9), due.DueAt);
    }

    [Fact]
    public void A_program_end_questionnaire_falls_due_when_the_last_module_is_completed_and_weekly_ones_stop_there()
    {
        var started = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        var ended = started.AddDays(10);
        var content = Program(QuestionnaireSchedule.ProgramEnd, QuestionnaireSchedule.Weekly);

        var due = QuestionnairePlan.DueBy(content, Facts(started, completed: ended), started.AddDays(30), Oslo).ToList();

        Assert.Equal([$"weekly:{Enrollment}:rolig-pust-weekly:1", $"program-end:{Enrollment}:rolig-pust-weekly"], due.Select(o => o.Key));
        Assert.Equal(ended, due[1].DueAt);
        Assert.DoesNotContain(due, o => o.Key.StartsWith("program-end", StringComparison.Ordinal) && o.DueAt > ended);
        Assert.Empty(QuestionnairePlan.DueBy(Program(QuestionnaireSchedule.ProgramEnd), Facts(started), started.AddDays(30), Oslo));
    }

    [Fact]
    public void Follow_up_check_ins_fall_due_every_interval_until_the_duration_has_passed()
    {
        var started = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.FromHours(1));
        var content = FollowUp(intervalDays: 14, weeks: 6); // days 14, 28, 42: three check-ins

        var due = QuestionnairePlan.DueBy(content, Facts(started), started.AddDays(400), Oslo).ToList();

        Assert.Equal(3, due.Count);
        Assert.Equal($"checkin:{Enrollment}:rolig-pust-weekly:3", due[^1].Key);
        Assert.Equal(started.AddDays(42), due[^1].DueAt);
        Assert.Equal(started.AddDays(28), QuestionnairePlan.NextCheckIn(content, Facts(started), started.AddDays(15), Oslo));
        Assert.Null(QuestionnairePlan.NextCheckIn(content, Facts(started), started.AddDays(43), Oslo));
    }

    [Fact]
    public void An_answer_at_or_after_the_newest_occurrence_closes_it_and_the_oldest_unanswered_one_says_since_when()
    {
        var started = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        var due = QuestionnairePlan.DueBy(Program(QuestionnaireSchedule.Weekly), Facts(started), started.AddDays(22), Oslo).ToList();
        var q = SamplePrograms.Weekly().Id;

        var open = Assert.Single(QuestionnairePlan.Open(due, new Dictionary<string, DateTimeOffset> { [q] = started.AddDays(8) }));
        Assert.Equal($"weekly:{Enrollment}:{q}:3", open.Occurrence.Key); // the newest week is the one to answer
        Assert.Equal(started.AddDays(14), open.Since); // week 1 was answered; week 2 has waited since day 14

        Assert.Empty(QuestionnairePlan.Open(due, new Dictionary<string, DateTimeOffset> { [q] = started.AddDays(21) }));
    }

    [Fact]
    public void A_due_questionnaire_is_overdue_from_the_moment_the_grace_has_passed()
    {
        var since = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        var item = new DueItem(new Occurrence("weekly:x:q:1", "q", since), since);
        Assert.False(QuestionnairePlan.IsOverdue(item, since.AddDays(3).AddTicks(-1), TimeSpan.FromDays(3)));
        Assert.True(QuestionnairePlan.IsOverdue(item, since.AddDays(3), TimeSpan.FromDays(3)));
    }

    [Fact]
    public void An_overdue_questionnaire_turns_the_patient_yellow_with_the_questionnaire_and_the_days()
    {
        var now = new DateTimeOffset(2026, 12, 10, 12, 0, 0, TimeSpan.Zero);
        var title = new LocalizedText { ["nb"] = "Ukeskjema", ["nn"] = "Ukeskjema" };
        var (light, reasons) = Triage.Assess(new TriageInput([], null, now, 3, new TriageRules(), [new OverdueQuestionnaire(title, now.AddDays(-4))]), now);

        Assert.Equal(Light.Yellow, light);
        var reason = Assert.Single(reasons);
        Assert.Equal((ReasonKind.QuestionnaireOverdue, 4, "Ukeskjema"), (reason.Kind, reason.Days!.Value, reason.Questionnaire!["nb"]));
    }
}
