using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Delivery;

public sealed class ConcurrentProgressTests
{
    /// <summary>Found by the progress-writes benchmark: on PostgreSQL two first views of one module collided on its row.</summary>
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Many_simultaneous_first_views_of_a_module_by_one_patient_all_succeed_with_one_started_row(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        var program = SamplePrograms.Guided();
        await app.Services.StoreReleaseAsync(program, 1);
        var (_, enrollmentId) = await app.Services.EnrolledPatientAsync("anne@example.no");
        var module = program.Modules[0];

        var views = app.Services.GetRequiredService<ViewRecorder>();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            views.RecordAsync(enrollmentId, module.Id, module.Pages[i % module.Pages.Count].Id, 1, CancellationToken.None))));

        await using var check = app.Services.CreateAsyncScope();
        var store = check.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        Assert.Equal(16, await store.ProgressEvents.CountAsync(e => e.EnrollmentId == enrollmentId));
        Assert.Single(await store.ModuleProgress.Where(m => m.EnrollmentId == enrollmentId).ToListAsync());
        var enrollment = await store.Enrollments.SingleAsync(e => e.Id == enrollmentId);
        Assert.Equal(module.Id, enrollment.LastModuleId);
        Assert.NotNull(enrollment.LastActivityAt);
    }
}
