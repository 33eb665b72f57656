using System.Net;
using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Workload;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ContentPlatform.Tests.Workload;

/// <summary>A work session nobody ends is closed at the cap in the background, not only when someone opens /staff/workload.</summary>
public sealed class AbandonedSessionTests
{
    private sealed class ClockedApp(TestDatabase database, FakeTimeProvider clock) : AppFactory<DeliveryApp>(database)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock));
        }
    }

    [Fact]
    public async Task A_session_left_open_is_closed_at_the_cap_by_the_background_pass_and_one_still_in_use_is_left_alone()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new ClockedApp(await TestDatabase.CreateAsync(Db.Sqlite, "delivery"), clock);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var tone = await app.TherapistAsync("tone@example.no", "Tone Terapeut");
        var (_, enrollment) = await app.PatientOfAsync(tone.Id, "anne@example.no", "Anne");
        var therapist = await app.SignedInClientAsync("tone@example.no");
        Assert.Equal(HttpStatusCode.OK, (await therapist.GetAsync($"/staff/patients/{enrollment}")).StatusCode);

        // Past the cap but not yet idle long enough: a reply may still come, so the session stays.
        clock.Advance(WorkloadDefaults.Cap + TimeSpan.FromMinutes(30));
        Assert.Equal(1, await app.DbAsync(d => d.WorkSessions.CountAsync()));

        clock.Advance(AbandonedSessions.IdleAfterCap);
        var entry = await WaitForAsync(app, async d => await d.WorkSessions.AnyAsync() ? null : await d.StaffTimeEntries.SingleOrDefaultAsync());
        Assert.Equal((tone.Id, enrollment, (int)WorkloadDefaults.Cap.TotalMinutes, WorkSources.Reading),
            (entry.StaffUserId, entry.EnrollmentId, entry.Minutes, entry.Source));
    }

    /// <summary>The background pass runs on its own task: wait (briefly) until the database shows what it did.</summary>
    private static async Task<T> WaitForAsync<T>(AppFactory<DeliveryApp> app, Func<ContentPlatform.Delivery.Data.DeliveryDbContext, Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (await app.DbAsync(probe) is { } found)
            {
                return found;
            }
            Assert.True(DateTime.UtcNow < deadline, "the abandoned session was not closed");
            await Task.Delay(20);
        }
    }

    private static class WorkloadDefaults
    {
        public static readonly TimeSpan Cap = new WorkloadOptions().SessionCap;
    }
}
