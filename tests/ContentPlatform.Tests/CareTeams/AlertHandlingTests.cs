using System.Net;
using ContentPlatform.Delivery;
using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.AccessLogs;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Tests.CareTeams;

/// <summary>A therapist marks a red or yellow reason handled with a note; the patient's safety message lasts until then.</summary>
public sealed class AlertHandlingTests
{
    private const string Note = "Ringt pasienten, avtalt time";

    private sealed record World(AppFactory<DeliveryApp> App, DeliveryUser Therapist, DeliveryUser Patient, Guid EnrollmentId, HttpClient PatientClient);

    /// <summary>Anne answers the self-harm item with 3 through the real form; a message of hers waits 5 days (yellow).</summary>
    private static async Task<(World World, string ConfirmationHtml)> SubmittedAsync(Db db)
    {
        var app = await Apps.DeliveryAsync(db);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided() with { Questionnaires = [SamplePrograms.SafeWeekly()] }, 1);
        var (tone, anne, enrollmentId) = await app.Services.CareTeamAsync();
        await app.MessageAsync(enrollmentId, anne.Id, fromPatient: true, DateTimeOffset.UtcNow.AddDays(-5));
        var client = await app.SignedInClientAsync("anne@example.no");
        var url = DeliveryKit.PageUrl(enrollmentId, 1, questionnairePage: true);
        var (token, submissionId) = await PatientPages.FormFieldsAsync(client, url);
        var posted = await client.PostFormAsync(url + "?handler=Questionnaire", ("__RequestVerificationToken", token),
            ("blockId", SamplePrograms.QuestionnaireBlockId(1)), ("release", "1"), ("submissionId", submissionId),
            ("q.q1", "0"), ("q.q2", "1"), ("q.q3", "3"));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var confirmation = await client.GetStringAsync(posted.Headers.Location!.OriginalString);
        return (new World(app, tone, anne, enrollmentId, client), confirmation);
    }

    private static Task<string> AlertKeyAsync(World w) =>
        w.App.DbAsync(async d => ReasonKeys.Alert(await d.QuestionnaireResults.Where(r => r.EnrollmentId == w.EnrollmentId).Select(r => r.Id).SingleAsync(), "q3"));

    private static async Task<HttpResponseMessage> HandleAsync(HttpClient client, Guid enrollmentId, string key, string note)
    {
        var url = $"/staff/patients/{enrollmentId}";
        // A fresh form token from a page this client may open (an outsider gets one from the caseload).
        var token = await client.AntiforgeryTokenAsync(await client.GetAsync(url) is { StatusCode: HttpStatusCode.OK } ? url : "/staff");
        return await client.PostFormAsync(url + "?handler=Handle", ("__RequestVerificationToken", token), ("reasonKey", key), ("note", note));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Handling_the_red_alert_with_a_note_leaves_the_row_yellow_logs_who_and_ends_the_patients_safety_message(Db db)
    {
        var (w, confirmation) = await SubmittedAsync(db);
        await using var app = w.App;
        Assert.Contains("role=\"alert\"", confirmation);
        Assert.Contains("Ring <strong>113</strong> eller legevakten på 116 117", confirmation); // the editor's Markdown, rendered
        Assert.Contains("Ring <strong>113</strong>", await w.PatientClient.GetStringAsync("/"));

        var tone = await app.SignedInClientAsync("tone@example.no");
        Assert.Contains("data-light=\"red\"", await tone.GetStringAsync("/staff"));
        var handled = await HandleAsync(tone, w.EnrollmentId, await AlertKeyAsync(w), Note);

        Assert.Equal(HttpStatusCode.Redirect, handled.StatusCode);
        var caseload = await tone.GetStringAsync("/staff");
        Assert.Contains("data-light=\"yellow\"", caseload); // the waiting message is still there
        Assert.DoesNotContain("Håpløshet", caseload);
        var view = await tone.GetStringAsync($"/staff/patients/{w.EnrollmentId}");
        Assert.Contains(Note, view);
        Assert.Contains("Håndtert av Tone", view);
        var row = await app.DbAsync(d => d.HandledReasons.SingleAsync());
        Assert.Equal((w.Therapist.Id, Note, "red"), (row.StaffUserId, row.Note, row.Light));
        Assert.Contains(await app.DbAsync(d => d.AccessLog.Where(a => a.PatientId == w.Patient.Id).Select(a => a.What).ToListAsync()),
            what => what == AccessKinds.AlertHandled);

        Assert.DoesNotContain("Ring <strong>113</strong>", await w.PatientClient.GetStringAsync("/"));
        Assert.Contains("Markerte et varsel som håndtert", await w.PatientClient.GetStringAsync("/my-data"));
    }

    [Fact]
    public async Task Only_the_care_team_may_handle_and_only_with_a_note_of_allowed_length()
    {
        var (w, _) = await SubmittedAsync(Db.Sqlite);
        await using var app = w.App;
        var key = await AlertKeyAsync(w);
        await app.TherapistAsync("per@example.no", "Per");
        await app.Services.CreateUserAsync("ana@example.no", "Ana", DeliveryRoles.Analyst);

        // A therapist outside the care team: 403.
        Assert.Equal(HttpStatusCode.Forbidden, (await HandleAsync(await app.SignedInClientAsync("per@example.no"), w.EnrollmentId, key, Note)).StatusCode);
        // The patient herself and an analyst never reach the staff pages: the sign-in's "access denied".
        foreach (var client in new[] { w.PatientClient, await app.SignedInClientAsync("ana@example.no") })
        {
            var token = await client.AntiforgeryTokenAsync("/account/login");
            var response = await client.PostFormAsync($"/staff/patients/{w.EnrollmentId}?handler=Handle", ("__RequestVerificationToken", token),
                ("reasonKey", key), ("note", Note));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/denied", response.Headers.Location!.AbsolutePath);
        }
        // No note, or too long a note: the page again with a localized error, nothing stored.
        var tone = await app.SignedInClientAsync("tone@example.no", "nn");
        var empty = await HandleAsync(tone, w.EnrollmentId, key, "  ");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("Skriv eit kort notat", await empty.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await HandleAsync(tone, w.EnrollmentId, key, new string('x', HandledReason.NoteMaxLength + 1))).StatusCode);
        // A key that names no reason of this patient.
        Assert.Equal(HttpStatusCode.BadRequest, (await HandleAsync(tone, w.EnrollmentId, "result:999:alert:q3", Note)).StatusCode);

        Assert.Equal(0, await app.DbAsync(d => d.HandledReasons.CountAsync()));
        Assert.DoesNotContain(await app.DbAsync(d => d.AccessLog.Select(a => a.What).ToListAsync()), what => what == AccessKinds.AlertHandled);
        Assert.Contains("data-light=\"red\"", await tone.GetStringAsync("/staff"));
    }
}
