using System.Net;
using System.Net.Http.Json;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Messaging;
using ContentPlatform.Tests.Delivery;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;

namespace ContentPlatform.Tests.Messaging;

/// <summary>Only the patient and the care team reach a thread, through every endpoint, page and hub method.</summary>
public sealed class MessageAccessTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_therapist_outside_the_care_team_cannot_read_send_mark_or_join_and_hears_nothing(Db db)
    {
        await using var world = await MessagingWorld.CreateAsync(db);
        await world.App.Services.CreateUserAsync("outsider@example.no", "Otto Utenfor", DeliveryRoles.Therapist);
        using var patient = await world.PatientAsync();
        await using var patientHub = await patient.CareHubAsync();
        var secret = await patientHub.SendAsync(world.EnrollmentId, "Annes hemmelighet");

        using var outsider = await world.App.SignInRealAsync("outsider@example.no");
        await using var outsiderHub = await outsider.CareHubAsync();
        var token = await outsider.TokenAsync("/staff/enrol"); // a valid token of the outsider's own session
        var thread = $"/api/messages/{world.EnrollmentId}";

        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Http.GetAsync(thread)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Http.GetAsync($"{thread}?after=0")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostJsonAsync(thread, new { body = "inn", clientId = Guid.NewGuid() }, token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostJsonAsync($"{thread}/read", new { upTo = secret.Id }, token)).StatusCode);
        var page = await outsider.Http.GetAsync($"/staff/messages/{world.EnrollmentId}");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.DoesNotContain("hemmelighet", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Http.PostFormAsync($"/staff/messages/{world.EnrollmentId}",
            ("Body", "inn"), ("ClientId", Guid.NewGuid().ToString()), ("__RequestVerificationToken", token))).StatusCode);
        Assert.Empty((await outsider.Http.GetFromJsonAsync<List<UnreadCount>>("/api/messages/unread"))!);
        Assert.DoesNotContain(world.EnrollmentId.ToString(), await outsider.Http.GetStringAsync("/staff/messages"));

        // The same thread id that does not exist gives the same answer: nothing leaks.
        var missing = await outsider.Http.GetAsync($"/api/messages/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        foreach (var call in new Func<Task>[]
        {
            () => outsiderHub.JoinAsync(world.EnrollmentId),
            () => outsiderHub.SendAsync(world.EnrollmentId, "inn"),
            () => outsiderHub.InvokeAsync("MarkRead", world.EnrollmentId, secret.Id),
        })
        {
            var refused = await Assert.ThrowsAsync<HubException>(call);
            Assert.Contains("Fant ikke denne samtalen", refused.Message);
        }
        await patientHub.SendAsync(world.EnrollmentId, "Enda en hemmelighet");
        Assert.False(await outsiderHub.ReceivesAsync("message", TimeSpan.FromMilliseconds(500)));
        Assert.False(await outsiderHub.ReceivesAsync("thread", TimeSpan.FromMilliseconds(100)));

        var stored = await world.StoredAsync();
        Assert.Equal(2, stored.Count);
        Assert.All(stored, m => Assert.Null(m.ReadAt));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_patient_cannot_join_or_write_to_another_patients_thread_by_calling_the_hub(Db db)
    {
        await using var world = await MessagingWorld.CreateAsync(db);
        await world.App.Services.EnrolledPatientAsync("ola@example.no", therapistId: world.Therapist.Id, firstName: "Ola");
        using var anne = await world.PatientAsync();
        await using var anneHub = await anne.CareHubAsync();
        await anneHub.SendAsync(world.EnrollmentId, "Annes hemmelighet");

        using var ola = await world.App.SignInRealAsync("ola@example.no");
        await using var olaHub = await ola.CareHubAsync();
        await Assert.ThrowsAsync<HubException>(() => olaHub.JoinAsync(world.EnrollmentId));
        await Assert.ThrowsAsync<HubException>(() => olaHub.SendAsync(world.EnrollmentId, "inn"));
        await Assert.ThrowsAsync<HubException>(() => olaHub.InvokeAsync("MarkRead", world.EnrollmentId, long.MaxValue));
        Assert.Equal(HttpStatusCode.NotFound, (await ola.Http.GetAsync($"/api/messages/{world.EnrollmentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ola.Http.GetAsync($"/my/messages/{world.EnrollmentId}")).StatusCode);
        // A patient is never put in a staff group, even by naming the therapist.
        await anneHub.SendAsync(world.EnrollmentId, "Enda en");
        Assert.False(await olaHub.ReceivesAsync("message", TimeSpan.FromMilliseconds(500)));
        Assert.False(await olaHub.ReceivesAsync("thread", TimeSpan.FromMilliseconds(100)));
        // Staff pages are not for patients at all.
        Assert.Equal(HttpStatusCode.Redirect, (await ola.Http.GetAsync($"/staff/messages/{world.EnrollmentId}")).StatusCode);
        Assert.Equal(2, (await world.StoredAsync()).Count);
    }

    [Fact]
    public async Task Missing_or_forged_authentication_is_refused_by_the_hub_and_the_api()
    {
        await using var world = await MessagingWorld.CreateAsync(Db.Sqlite);
        var baseAddress = world.App.ClientOptions.BaseAddress;
        var anonymous = await Assert.ThrowsAsync<HubRefusedException>(() => HubClient.ConnectAsync(baseAddress, "/hubs/care", null));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);

        var forged = new CookieContainer();
        forged.Add(baseAddress, new Cookie(".ContentPlatform.Delivery.Auth", "CfDJ8Forged" + new string('A', 200)));
        var forgery = await Assert.ThrowsAsync<HubRefusedException>(() => HubClient.ConnectAsync(baseAddress, "/hubs/care", forged));
        Assert.Equal(HttpStatusCode.Unauthorized, forgery.Status);

        using var forger = new HttpClient(new HttpClientHandler { CookieContainer = forged, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await forger.GetAsync($"/api/messages/{world.EnrollmentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forger.PostAsJsonAsync($"/api/messages/{world.EnrollmentId}", new { body = "x", clientId = Guid.NewGuid() })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await forger.GetAsync($"/my/messages/{world.EnrollmentId}")).StatusCode);

        // Signed in, but a state-changing API call without the antiforgery token is refused too.
        using var patient = await world.PatientAsync();
        var noToken = await patient.PostJsonAsync($"/api/messages/{world.EnrollmentId}", new { body = "x", clientId = Guid.NewGuid() }, token: null);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Empty(await world.StoredAsync());
    }

    [Fact]
    public async Task A_self_paced_course_has_no_care_team_so_its_patient_has_no_thread_to_write_to()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Course(), 1);
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var joined = await client.JoinCourseAsync(app, SamplePrograms.CourseId, "Kari", "kari@example.no");
        var enrollmentId = Guid.Parse(joined.Headers.Location!.OriginalString.Split('/')[2]);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/my/messages/{enrollmentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/messages/{enrollmentId}")).StatusCode);
        Assert.DoesNotContain(enrollmentId.ToString(), await client.GetStringAsync("/my/messages")); // no thread listed
    }
}
