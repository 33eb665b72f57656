using System.Net;
using System.Text.RegularExpressions;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.AccessLogs;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.CareTeams;

public sealed partial class PatientViewTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_therapist_reads_homework_with_the_text_the_patient_saw_and_the_patient_sees_the_view_in_the_access_log(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var tone = await app.TherapistAsync("tone@example.no", "Tone Terapeut");
        var (_, enrollment) = await app.PatientOfAsync(tone.Id, "anne@example.no", "Anne");
        var patient = await app.SignedInClientAsync("anne@example.no");
        var token = await PatientPages.PageTokenAsync(patient, DeliveryKit.PageUrl(enrollment, 1));
        await PatientPages.AutosaveAsync(patient, enrollment, token, SamplePrograms.ExerciseId(1), "Jobbmøtet på mandag.");
        await app.ScoreAsync(enrollment, 2, "green", DateTimeOffset.UtcNow.AddDays(-7));
        await app.ScoreAsync(enrollment, 6, "yellow", DateTimeOffset.UtcNow);

        var therapist = await app.SignedInClientAsync("tone@example.no");
        var html = await therapist.GetStringAsync($"/staff/patients/{enrollment}");
        Assert.Contains("Jobbmøtet på mandag.", html);
        Assert.Contains("Hva gjorde deg urolig denne uka?", html); // the exercise prompt as the patient saw it
        Assert.Contains("<svg class=\"score-chart\"", html);
        Assert.Contains("Ukesjekk, poengsum over tid: 2, 6", html); // the chart's text alternative
        Assert.Contains("<caption>Ukesjekk: alle svar</caption>", html);
        Assert.Contains("Ukesjekk: 4 poeng verre enn forrige gang", html);

        var myData = await patient.GetStringAsync("/my-data");
        Assert.Contains("Tone Terapeut", myData);
        Assert.Contains("Oversikt, svar og skår", myData);
        Assert.Contains("id=\"access-log-intact\"", myData);
    }

    [Fact]
    public async Task A_therapist_outside_the_care_team_gets_404_from_the_view_and_every_action_and_nothing_is_logged_or_stored()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var tone = await app.TherapistAsync("tone@example.no", "Tone");
        await app.TherapistAsync("per@example.no", "Per");
        var (_, enrollment) = await app.PatientOfAsync(tone.Id, "anne@example.no", "Anne");
        var per = await app.SignedInClientAsync("per@example.no");
        // Per's own page gives him a valid antiforgery token; the forms are posted against Anne's enrollment.
        var perToken = await per.AntiforgeryTokenAsync("/staff/enrol");
        var url = $"/staff/patients/{enrollment}";

        Assert.Equal(HttpStatusCode.NotFound, (await per.GetAsync(url)).StatusCode);
        foreach (var (handler, fields) in new (string, (string, string)[])[]
                 {
                     ("Note", [("text", "Ser bra ut")]),
                     ("Feedback", [("moduleId", SamplePrograms.ModuleId(1)), ("text", "Godt jobba")]),
                     ("OpenModule", [("moduleId", SamplePrograms.ModuleId(2))]),
                     ("AddColleague", [("email", "per@example.no")]),
                 })
        {
            var response = await per.PostFormAsync($"{url}?handler={handler}", [("__RequestVerificationToken", perToken), .. fields]);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{handler}: {response.StatusCode}");
        }
        Assert.Equal(0, await app.DbAsync(d => d.ClinicalNotes.CountAsync()));
        Assert.Equal(0, await app.DbAsync(d => d.HomeworkFeedback.CountAsync()));
        Assert.Equal(0, await app.DbAsync(d => d.ModuleOpenings.CountAsync()));
        Assert.Equal(1, await app.DbAsync(d => d.CareTeamMembers.CountAsync()));
        Assert.Equal(0, await app.DbAsync(d => d.AccessLog.CountAsync()));

        // A patient is not staff at all.
        var anne = await app.SignedInClientAsync("anne@example.no");
        Assert.Equal(HttpStatusCode.Redirect, (await anne.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Notes_and_feedback_refuse_empty_or_too_long_text_with_a_message_and_keep_what_was_typed()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var tone = await app.TherapistAsync("tone@example.no", "Tone");
        var (_, enrollment) = await app.PatientOfAsync(tone.Id, "anne@example.no", "Anne");
        var client = await app.SignedInClientAsync("tone@example.no", "nn");
        var url = $"/staff/patients/{enrollment}";

        var empty = await client.PostFormAsync($"{url}?handler=Note", ("__RequestVerificationToken", await client.AntiforgeryTokenAsync(url)), ("text", "   "));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("Skriv notatet før du lagrar.", await empty.Content.ReadAsStringAsync());

        var tooLong = new string('a', 4001);
        var longFeedback = await client.PostFormAsync($"{url}?handler=Feedback", ("__RequestVerificationToken", await client.AntiforgeryTokenAsync(url)),
            ("moduleId", SamplePrograms.ModuleId(1)), ("text", tooLong));
        var longHtml = await longFeedback.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, longFeedback.StatusCode);
        Assert.Contains("Tilbakemeldinga kan vere høgst 4000 teikn.", longHtml);
        Assert.Contains(tooLong + "</textarea>", longHtml);
        Assert.Equal(0, await app.DbAsync(d => d.ClinicalNotes.CountAsync()));
        Assert.Equal(0, await app.DbAsync(d => d.HomeworkFeedback.CountAsync()));

        var saved = await client.PostFormAsync($"{url}?handler=Note", ("__RequestVerificationToken", await client.AntiforgeryTokenAsync(url)),
            ("text", "Samtale om søvn."));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("Samtale om søvn.", await client.GetStringAsync(url));
        // The note is part of the patient's record: it is in the patient's own data download.
        var patient = await app.SignedInClientAsync("anne@example.no");
        Assert.Contains("Samtale om søvn.", await patient.GetStringAsync("/my-data/download"));
    }

    [Fact]
    public async Task The_therapist_opens_module_two_from_the_patient_view_and_the_patient_can_enter_it()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var tone = await app.TherapistAsync("tone@example.no", "Tone");
        var (_, enrollment) = await app.PatientOfAsync(tone.Id, "anne@example.no", "Anne");
        var patient = await app.SignedInClientAsync("anne@example.no");
        Assert.Equal(HttpStatusCode.Redirect, (await patient.GetAsync(DeliveryKit.PageUrl(enrollment, 2))).StatusCode);

        var therapist = await app.SignedInClientAsync("tone@example.no");
        var url = $"/staff/patients/{enrollment}";
        var opened = await therapist.PostFormAsync($"{url}?handler=OpenModule", ("__RequestVerificationToken", await therapist.AntiforgeryTokenAsync(url)),
            ("moduleId", SamplePrograms.ModuleId(2)));
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Contains("Modulen er åpnet.", await therapist.GetStringAsync(opened.Headers.Location!.OriginalString));
        Assert.Equal(HttpStatusCode.OK, (await patient.GetAsync(DeliveryKit.PageUrl(enrollment, 2))).StatusCode);

        // Feedback on module 1's homework reaches the patient beside the module.
        var feedback = await therapist.PostFormAsync($"{url}?handler=Feedback", ("__RequestVerificationToken", await therapist.AntiforgeryTokenAsync(url)),
            ("moduleId", SamplePrograms.ModuleId(1)), ("text", "Godt jobba med pusten.\nPrøv igjen i kveld."));
        Assert.Equal(HttpStatusCode.Redirect, feedback.StatusCode);
        var programPage = await patient.GetStringAsync($"/my/{enrollment}");
        Assert.Contains("Tilbakemelding fra Tone", programPage);
        Assert.Contains("Godt jobba med pusten.\nPrøv igjen i kveld.", WebUtility.HtmlDecode(programPage), StringComparison.Ordinal); // line breaks kept
    }

    [Fact]
    public async Task The_responsible_therapist_adds_a_covering_colleague_who_then_sees_the_patient_and_cannot_remove_the_responsible()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var tone = await app.TherapistAsync("tone@example.no", "Tone");
        var per = await app.TherapistAsync("per@example.no", "Per");
        await app.Services.CreateUserAsync("anne2@example.no", "Anne To", DeliveryRoles.Patient);
        var (_, enrollment) = await app.PatientOfAsync(tone.Id, "anne@example.no", "Anne");
        var client = await app.SignedInClientAsync("tone@example.no");
        var url = $"/staff/patients/{enrollment}";

        var notStaff = await client.PostFormAsync($"{url}?handler=AddColleague", ("__RequestVerificationToken", await client.AntiforgeryTokenAsync(url)),
            ("email", "anne2@example.no"));
        Assert.Equal(HttpStatusCode.BadRequest, notStaff.StatusCode);
        Assert.Contains("Fant ingen behandler med den e-postadressen.", await notStaff.Content.ReadAsStringAsync());

        var added = await client.PostFormAsync($"{url}?handler=AddColleague", ("__RequestVerificationToken", await client.AntiforgeryTokenAsync(url)),
            ("email", "per@example.no"));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var perClient = await app.SignedInClientAsync("per@example.no");
        Assert.Contains("Anne", await perClient.GetStringAsync("/staff"));
        Assert.Equal(HttpStatusCode.OK, (await perClient.GetAsync(url)).StatusCode);

        // Per covers but is not responsible: he may not change the team.
        var perRemoves = await perClient.PostFormAsync($"{url}?handler=RemoveColleague",
            ("__RequestVerificationToken", await perClient.AntiforgeryTokenAsync(url)), ("staffUserId", tone.Id));
        Assert.Equal(HttpStatusCode.NotFound, perRemoves.StatusCode);
        var removed = await client.PostFormAsync($"{url}?handler=RemoveColleague", ("__RequestVerificationToken", await client.AntiforgeryTokenAsync(url)),
            ("staffUserId", per.Id));
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await perClient.GetAsync(url)).StatusCode);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_access_log_detects_an_edited_and_a_deleted_row(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var tone = await app.TherapistAsync("tone@example.no", "Tone");
        var (patientId, enrollment) = await app.PatientOfAsync(tone.Id, "anne@example.no", "Anne");
        var therapist = await app.SignedInClientAsync("tone@example.no");
        for (var i = 0; i < 3; i++)
        {
            await therapist.GetStringAsync($"/staff/patients/{enrollment}");
        }
        async Task<AccessLogCheck> VerifyAsync()
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<AccessLog>().VerifyAsync(patientId, CancellationToken.None);
        }
        Assert.Equal(new AccessLogCheck(true, 3, null), await VerifyAsync());

        // Someone with database access hides who looked.
        await app.DbAsync(d => d.AccessLog.Where(a => a.Sequence == 2).ExecuteUpdateAsync(s => s.SetProperty(a => a.StaffName, "Ukjent")));
        Assert.Equal(new AccessLogCheck(false, 3, 2), await VerifyAsync());
        var patient = await app.SignedInClientAsync("anne@example.no");
        Assert.Contains("id=\"access-log-broken\"", await patient.GetStringAsync("/my-data"));

        await app.DbAsync(d => d.AccessLog.Where(a => a.Sequence == 2).ExecuteDeleteAsync());
        Assert.Equal(new AccessLogCheck(false, 2, 3), await VerifyAsync());
    }
}
