using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Cms;

public sealed class ScheduledPublishingTests
{
    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task An_approved_program_scheduled_for_later_is_published_when_its_time_comes_and_not_before()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        await using var scope = app.Services.CreateAsyncScope();
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        var workflow = ActivatorUtilities.CreateInstance<ProgramWorkflow>(scope.ServiceProvider, (TimeProvider)clock);
        var program = SamplePrograms.Draft();
        await workflow.CreateAsync(program, "eli");
        await workflow.SubmitAsync(program.Id, "eli");
        await workflow.ApproveAsync(program.Id, null, "rune");

        var (release, error) = await workflow.PublishAsync(program.Id, "rune", clock.Now.AddHours(2));
        Assert.Null(error);
        Assert.Null(release); // scheduled, not published

        clock.Now = clock.Now.AddHours(1);
        Assert.Equal(0, await workflow.PublishDueAsync());
        clock.Now = clock.Now.AddHours(1);
        Assert.Equal(1, await workflow.PublishDueAsync());

        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var record = await db.Releases.AsNoTracking().SingleAsync();
        Assert.Equal(clock.Now, record.PublishedAt);
        Assert.Equal("rune", record.PublishedBy);
        Assert.Null((await db.Programs.AsNoTracking().SingleAsync()).ScheduledPublishAt);
    }

    [Fact]
    public async Task An_edit_after_scheduling_cancels_the_schedule_until_a_new_review()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        await using var scope = app.Services.CreateAsyncScope();
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        var workflow = ActivatorUtilities.CreateInstance<ProgramWorkflow>(scope.ServiceProvider, (TimeProvider)clock);
        var program = SamplePrograms.Draft();
        await workflow.CreateAsync(program, "eli");
        await workflow.SubmitAsync(program.Id, "eli");
        await workflow.ApproveAsync(program.Id, null, "rune");
        await workflow.PublishAsync(program.Id, "rune", clock.Now.AddHours(1));

        await workflow.SaveAsync(program.Id, program with { Title = SamplePrograms.T("Endra", "Endra") }, null, "eli");
        clock.Now = clock.Now.AddHours(2);
        Assert.Equal(0, await workflow.PublishDueAsync());
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Releases.CountAsync());
    }
}
