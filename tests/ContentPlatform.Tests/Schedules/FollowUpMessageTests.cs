using System.Net;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.Schedules;

/// <summary>
/// Follow-up from home includes "sending information on the patient's own initiative" (PRODUCT.md, issue 19): a follow-up
/// patient with a care team writes to it as a patient in guided treatment does, under the same access rules.
/// </summary>
public sealed class FollowUpMessageTests
{
    [Fact]
    public async Task A_follow_up_patient_writes_to_their_care_team_who_sees_it_waiting_and_answers_and_nobody_else_reaches_the_thread()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(PlanIntegrationTests.FollowUpProgram(), 1);
        var (_, _, enrollment) = await app.Services.CareTeamAsync(programId: PlanIntegrationTests.FollowUpId);
        await app.Services.EnrolledPatientAsync("ola@example.no", PlanIntegrationTests.FollowUpId, firstName: "Ola");
        await app.Services.CreateUserAsync("per@example.no", "Per", DeliveryRoles.Therapist);
        var thread = $"/my/messages/{enrollment}";

        var anne = await app.SignedInClientAsync("anne@example.no", "nn");
        Assert.Contains($"href=\"/my/messages\"", await anne.GetStringAsync("/")); // the menu offers messages
        var list = await anne.GetAsync("/my/messages");
        Assert.Equal(HttpStatusCode.Redirect, list.StatusCode); // her one thread
        Assert.Equal(thread, list.Headers.Location!.OriginalString);
        var token = await anne.AntiforgeryTokenAsync(thread);
        var sent = await anne.PostFormAsync(thread, ("__RequestVerificationToken", token), ("Body", "Eg har sove betre denne veka."),
            ("ClientId", Guid.NewGuid().ToString()));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);

        var tone = await app.SignedInClientAsync("tone@example.no");
        Assert.Contains("1 uleste", await tone.GetStringAsync("/staff"));
        var staffThread = $"/staff/messages/{enrollment}";
        Assert.Contains("Eg har sove betre denne veka.", await tone.GetStringAsync(staffThread));
        var toneToken = await tone.AntiforgeryTokenAsync(staffThread);
        Assert.Equal(HttpStatusCode.Redirect, (await tone.PostFormAsync(staffThread, ("__RequestVerificationToken", toneToken),
            ("Body", "Så fint å høre."), ("ClientId", Guid.NewGuid().ToString()))).StatusCode);
        Assert.Contains("Ny melding frå behandlaren din", await anne.GetStringAsync("/"));
        Assert.Contains("Så fint å høre.", await anne.GetStringAsync(thread));

        // Another follow-up patient and a therapist outside the care team: the thread does not exist for them.
        var ola = await app.SignedInClientAsync("ola@example.no");
        Assert.Equal(HttpStatusCode.NotFound, (await ola.GetAsync(thread)).StatusCode);
        var olas = await ola.GetAsync("/my/messages"); // straight to her own one thread
        Assert.DoesNotContain(enrollment.ToString(), olas.Headers.Location?.OriginalString ?? await olas.Content.ReadAsStringAsync());
        var per = await app.SignedInClientAsync("per@example.no");
        var outsider = await per.GetAsync(staffThread);
        Assert.Equal(HttpStatusCode.NotFound, outsider.StatusCode);
        Assert.DoesNotContain("sove betre", await outsider.Content.ReadAsStringAsync());
    }
}
