using ContentPlatform.Delivery.Progress;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.Delivery;

public sealed class UnlockRuleTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 18, 0, 0, TimeSpan.Zero);
    private static readonly HashSet<string> None = [];

    private static IReadOnlyList<ModuleStatus> Evaluate(UnlockRule rule, HashSet<string>? completed = null, HashSet<string>? opened = null,
        DateTimeOffset? now = null) =>
        UnlockRules.Evaluate(SamplePrograms.Guided(rule), Start, completed ?? None, opened ?? None, now ?? Start);

    [Fact]
    public void Sequential_opens_the_next_module_when_the_previous_is_completed()
    {
        var before = Evaluate(new(UnlockMode.Sequential));
        Assert.Equal([ModuleState.Open, ModuleState.Locked, ModuleState.Locked], before.Select(m => m.State));
        Assert.Equal(LockReason.PreviousNotCompleted, before[1].Reason);
        Assert.Equal(SamplePrograms.ModuleId(1), before[1].WaitsFor?.Id);
        var after = Evaluate(new(UnlockMode.Sequential), completed: [SamplePrograms.ModuleId(1)]);
        Assert.Equal([ModuleState.Completed, ModuleState.Open, ModuleState.Locked], after.Select(m => m.State));
    }

    [Fact]
    public void Therapist_gated_modules_open_only_when_staff_open_them_even_after_the_previous_is_completed()
    {
        var done = Evaluate(new(UnlockMode.Therapist), completed: [SamplePrograms.ModuleId(1)]);
        Assert.Equal(LockReason.TherapistOpens, done[1].Reason);
        var opened = Evaluate(new(UnlockMode.Therapist), opened: [SamplePrograms.ModuleId(3)]);
        Assert.Equal([ModuleState.Open, ModuleState.Locked, ModuleState.Open], opened.Select(m => m.State));
    }

    [Fact]
    public void Time_based_modules_open_every_N_days_after_the_start()
    {
        var rule = new UnlockRule(UnlockMode.Time, 7);
        var day6 = Evaluate(rule, now: Start.AddDays(6));
        Assert.Equal([ModuleState.Open, ModuleState.Locked, ModuleState.Locked], day6.Select(m => m.State));
        Assert.Equal(Start.AddDays(7), day6[1].OpensAt);
        var day14 = Evaluate(rule, now: Start.AddDays(14));
        Assert.Equal([ModuleState.Open, ModuleState.Open, ModuleState.Open], day14.Select(m => m.State));
    }

    [Fact]
    public void Free_navigation_opens_everything_and_completed_modules_stay_completed()
    {
        var free = Evaluate(new(UnlockMode.Free), completed: [SamplePrograms.ModuleId(2)]);
        Assert.Equal([ModuleState.Open, ModuleState.Completed, ModuleState.Open], free.Select(m => m.State));
    }
}
