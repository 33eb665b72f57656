using System.Net;
using ContentPlatform.Delivery;
using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Workload;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ContentPlatform.Tests.CareTeams;

/// <summary>Therapist time measured from their own requests, capped, correctable, and summed per therapist for the clinic admin.</summary>
public sealed class WorkloadTests
{
    /// <summary>Delivery on a clock the test moves. It starts at the real time, so sign-in codes and cookies stay valid.</summary>
    private sealed class ClockedApp(TestDatabase database, FakeTimeProvider clock, IDictionary<string, string?> settings)
        : AppFactory<DeliveryApp>(database, settings)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock));
        }
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Reading_and_replying_are_recorded_capped_and_correctable_and_only_the_clinic_admin_sees_every_therapists_week(Db db)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new ClockedApp(await TestDatabase.CreateAsync(db, "delivery"), clock,
            new Dictionary<string, string?> { ["Workload:SessionCap"] = "00:02:00" });
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var tone = await app.TherapistAsync("tone@example.no", "Tone Terapeut");
        await app.TherapistAsync("per@example.no", "Per Terapeut");
        await app.Services.CreateUserAsync("klara@example.no", "Klara Klinikkleiar", DeliveryRoles.ClinicAdmin);
        var (_, enrollment) = await app.PatientOfAsync(tone.Id, "anne@example.no", "Anne");
        var therapist = await app.SignedInClientAsync("tone@example.no");

        // Reading the record for one minute, then back to the caseload: one minute of reading.
        Assert.Equal(HttpStatusCode.OK, (await therapist.GetAsync($"/staff/patients/{enrollment}")).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await therapist.GetAsync("/staff")).StatusCode);
        // The thread open for five minutes before the reply: counted as writing, and only up to the two-minute cap.
        var thread = $"/staff/messages/{enrollment}";
        var token = await therapist.AntiforgeryTokenAsync(thread);
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.Redirect, (await therapist.PostFormAsync(thread, ("Body", "Godt jobba denne uka."),
            ("ClientId", Guid.NewGuid().ToString()), ("__RequestVerificationToken", token))).StatusCode);

        var entries = await app.DbAsync(d => d.StaffTimeEntries.OrderBy(t => t.Id).ToListAsync());
        Assert.Equal([(WorkSources.Reading, 1), (WorkSources.Reply, 2)], entries.Select(t => (t.Source, t.Minutes)));
        Assert.All(entries, t => Assert.Equal((tone.Id, enrollment), (t.StaffUserId, t.EnrollmentId)));

        var mine = await therapist.GetStringAsync("/staff/workload");
        Assert.Contains("<strong id=\"my-total\">0 t 3 min</strong>", mine);
        Assert.DoesNotContain("therapist-load", mine); // a therapist sees no colleague's load

        // The therapist corrects the reading entry to ten minutes: a correction row, the original kept.
        var correct = await therapist.PostFormAsync("/staff/workload?handler=Correct", ("entryId", entries[0].Id.ToString()), ("minutes", "10"),
            ("__RequestVerificationToken", await therapist.AntiforgeryTokenAsync("/staff/workload")));
        Assert.Equal(HttpStatusCode.Redirect, correct.StatusCode);
        var corrected = await therapist.GetStringAsync("/staff/workload");
        Assert.Contains("<strong id=\"my-total\">0 t 12 min</strong>", corrected);
        Assert.Contains("rettet fra 1", corrected);
        var correction = await app.DbAsync(d => d.StaffTimeEntries.SingleAsync(t => t.CorrectsEntryId == entries[0].Id));
        Assert.Equal((9, WorkSources.Correction, entries[0].At), (correction.Minutes, correction.Source, correction.At));
        Assert.Equal(12, await app.DbAsync(d => d.StaffTimeEntries.Where(t => t.EnrollmentId == enrollment).SumAsync(t => t.Minutes)));

        var tooMuch = await therapist.PostFormAsync("/staff/workload?handler=Correct", ("entryId", entries[0].Id.ToString()), ("minutes", "601"),
            ("__RequestVerificationToken", await therapist.AntiforgeryTokenAsync("/staff/workload")));
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);
        Assert.Contains("Skriv et antall minutter fra 0 til 600.", await tooMuch.Content.ReadAsStringAsync());

        // A colleague can neither see nor correct Tone's time.
        var per = await app.SignedInClientAsync("per@example.no");
        var perPage = await per.GetStringAsync("/staff/workload");
        Assert.DoesNotContain("Tone Terapeut", perPage);
        Assert.DoesNotContain("therapist-load", perPage);
        Assert.Equal(HttpStatusCode.NotFound, (await per.PostFormAsync("/staff/workload?handler=Correct", ("entryId", entries[0].Id.ToString()),
            ("minutes", "0"), ("__RequestVerificationToken", await per.AntiforgeryTokenAsync("/staff/workload")))).StatusCode);
        Assert.Equal(3, await app.DbAsync(d => d.StaffTimeEntries.CountAsync()));

        // The clinic admin sees the week's load per therapist.
        var admin = await app.SignedInClientAsync("klara@example.no");
        var load = await admin.GetStringAsync("/staff/workload");
        Assert.Contains("id=\"therapist-load\"", load);
        // (Each cell also carries its column's name, for the phone's cards.)
        Assert.Matches(@"<tr><th scope=""row""[^>]*>Tone Terapeut</th><td[^>]*>0 t 12 min</td><td[^>]*>1</td></tr>", load);
        Assert.Matches(@"<tr><th scope=""row""[^>]*>Per Terapeut</th><td[^>]*>0 t 0 min</td><td[^>]*>0</td></tr>", load);
    }
}
