using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Demo;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.CareTeams;

/// <summary>`seed-demo-activity` leaves the demo therapist a caseload in motion: one red, one yellow and one green patient.</summary>
public sealed class DemoClinicTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_seeded_demo_caseload_has_one_red_one_yellow_and_one_green_patient_with_their_reasons_and_seeding_twice_adds_nothing(Db provider)
    {
        await using var app = await Apps.DeliveryAsync(provider);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var therapist = await app.TherapistAsync(DemoClinic.Therapist, "Tone Terapeut");
        foreach (var (email, name) in DemoClinic.Patients.Zip(["Kari", "Anne", "Ola"]))
        {
            await app.Services.CreateUserAsync(email, name, DeliveryRoles.Patient);
        }

        await SeedAsync(app.Services);
        await SeedAsync(app.Services); // idempotent: run.sh seeds on every start

        await using var scope = app.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<Caseload>().ForAsync(therapist.Id, CancellationToken.None);
        Assert.Equal([("Kari", Light.Red), ("Anne", Light.Yellow), ("Ola", Light.Green)], rows.Select(r => (r.PatientName, r.Light)));
        Assert.Equal([ReasonKind.Alert], rows[0].Reasons.Select(r => r.Kind));
        Assert.Equal([ReasonKind.MessageWaiting], rows[1].Reasons.Select(r => r.Kind));
        Assert.Equal((1, 33), (rows[1].UnreadMessages, rows[1].PercentComplete)); // mid-program: module 1 of 3 done, her question unread
        Assert.Empty(rows[2].Reasons);
    }

    private static async Task SeedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var lines = await ActivatorUtilities.CreateInstance<DemoClinic>(scope.ServiceProvider).SeedAsync(CancellationToken.None);
        Assert.Equal(3, lines.Count);
    }
}
