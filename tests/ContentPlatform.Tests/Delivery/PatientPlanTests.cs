using ContentPlatform.Contract.Releases;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Delivery.Workload;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.Delivery;

/// <summary>The pure rules of tailoring: which modules a patient has, how they unlock, and how far they are.</summary>
public sealed class PatientPlanTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 18, 0, 0, TimeSpan.Zero);
    private static readonly string M1 = SamplePrograms.ModuleId(1), M2 = SamplePrograms.ModuleId(2), M3 = SamplePrograms.ModuleId(3);

    /// <summary>The sample program (three modules of two pages) with module 2 optional.</summary>
    private static ProgramContent WithOptionalSecond(UnlockRule? rule = null)
    {
        var program = SamplePrograms.Guided(rule);
        return program with { Modules = program.Modules.Select(m => m.Id == M2 ? m with { Optional = true } : m).ToList() };
    }

    [Fact]
    public void An_optional_module_is_hidden_until_the_therapist_adds_it_and_required_modules_are_always_in_the_plan()
    {
        var hidden = new PatientPlan(WithOptionalSecond(), new HashSet<string>());
        Assert.Equal([M1, M3], hidden.Modules.Select(m => m.Id));
        Assert.Equal([M2], hidden.Hidden.Select(m => m.Id));

        var added = new PatientPlan(WithOptionalSecond(), new HashSet<string> { M2, M3 }); // adding a required module changes nothing
        Assert.Equal([M1, M2, M3], added.Modules.Select(m => m.Id));
        Assert.Empty(added.Hidden);
    }

    [Fact]
    public void The_latest_change_per_module_decides_so_a_module_added_then_hidden_is_out_of_the_plan()
    {
        PlanChange Change(long id, string module, bool included) =>
            new() { Id = id, EnrollmentId = Guid.Empty, ModuleId = module, Included = included, StaffUserId = "t" };

        var added = PatientPlan.AddedFrom([Change(3, M2, false), Change(1, M2, true), Change(2, M3, true)]);
        Assert.Equal([M3], added.Order());
    }

    [Fact]
    public void Sequential_unlocking_skips_a_hidden_module_so_the_next_one_waits_for_the_previous_module_in_the_plan()
    {
        var plan = new PatientPlan(WithOptionalSecond(new(UnlockMode.Sequential)), new HashSet<string>());
        var before = UnlockRules.Evaluate(plan, Start, new HashSet<string>(), new HashSet<string>(), Start);
        Assert.Equal([M1, M3], before.Select(m => m.Module.Id));
        Assert.Equal(M1, before[1].WaitsFor?.Id);

        var after = UnlockRules.Evaluate(plan, Start, new HashSet<string> { M1 }, new HashSet<string>(), Start);
        Assert.Equal([ModuleState.Completed, ModuleState.Open], after.Select(m => m.State));
    }

    [Fact]
    public void Progress_is_the_share_of_the_plans_pages_read_and_hiding_a_module_moves_it()
    {
        var read = new HashSet<string> { SamplePrograms.PageA(1), SamplePrograms.PageB(1), SamplePrograms.PageA(2) };
        var none = new HashSet<string>();
        var all = new PatientPlan(WithOptionalSecond(), new HashSet<string> { M2 });
        Assert.Equal(50, all.PercentRead(read, none)); // 3 of 6 pages
        var withoutSecond = new PatientPlan(WithOptionalSecond(), new HashSet<string>());
        Assert.Equal(50, withoutSecond.PercentRead(read, none)); // 2 of 4: the hidden module's page counts for nothing
        Assert.Equal(25, withoutSecond.PercentRead(new HashSet<string> { SamplePrograms.PageA(2), SamplePrograms.PageA(3) }, none));
        // A completed module counts as read through; 100 only when everything is.
        Assert.Equal(75, withoutSecond.PercentRead(new HashSet<string> { SamplePrograms.PageA(3) }, new HashSet<string> { M1 }));
        Assert.Equal(83, all.PercentRead(read.Append(SamplePrograms.PageA(3)).Append(SamplePrograms.PageB(2)).ToHashSet(), none));
    }

    [Fact]
    public void A_work_session_counts_at_most_the_cap_and_at_least_one_minute()
    {
        var cap = TimeSpan.FromMinutes(20);
        Assert.Equal(20, WorkClock.Minutes(TimeSpan.FromHours(8), cap));
        Assert.Equal(7, WorkClock.Minutes(TimeSpan.FromSeconds(6 * 60 + 40), cap));
        Assert.Equal(1, WorkClock.Minutes(TimeSpan.FromSeconds(5), cap));
    }

    [Fact]
    public void The_week_runs_from_monday_midnight_in_oslo()
    {
        var oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
        var week = Week.Containing(new DateTimeOffset(2026, 12, 6, 22, 30, 0, TimeSpan.Zero), oslo); // Sunday 23:30 in Oslo
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.FromHours(1)), week.Start);
        Assert.Equal(new DateOnly(2026, 11, 30).DayNumber, week.FirstDay);
        Assert.Equal(week.FirstDay + 6, Week.DayOf(new DateTimeOffset(2026, 12, 6, 22, 30, 0, TimeSpan.Zero), oslo));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.FromHours(1)), week.End);
        var monday = Week.Containing(new DateTimeOffset(2026, 12, 6, 23, 0, 0, TimeSpan.Zero), oslo); // Monday 00:00 in Oslo
        Assert.Equal(week.End, monday.Start);
    }
}
