using System.Net;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Delivery.Answers;
using ContentPlatform.Delivery.Schedules;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Schedules;

/// <summary>Questionnaires on a plan and follow-up check-ins, through the real pages, on both databases.</summary>
public sealed class PlanIntegrationTests
{
    public const string FollowUpId = "etter-uro";
    private static readonly string Weekly = SamplePrograms.Weekly().Id;

    public static ProgramContent FollowUpProgram() => SamplePrograms.Guided(id: FollowUpId) with
    {
        Kind = ProgramKind.FollowUp, Modules = [],
        Questionnaires = [SamplePrograms.Weekly() with { When = [] }],
        CheckIns = new CheckInSchedule { Questionnaires = [Weekly], IntervalDays = 14, DurationWeeks = 52 },
    };

    private static (string, string)[] Answers(string token, string submissionId, int q1, int q2, int q3) =>
        [("__RequestVerificationToken", token), ("submissionId", submissionId), ("blockId", "plan"), ("release", "1"),
         ("q.q1", q1.ToString()), ("q.q2", q2.ToString()), ("q.q3", q3.ToString())];

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_weekly_questionnaire_left_unanswered_is_due_on_the_home_page_and_yellow_in_the_caseload_until_answered(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (therapist, patient, enrollment) = await app.Services.CareTeamAsync();
        var now = DateTimeOffset.UtcNow;
        await app.DbAsync(d => d.Enrollments.Where(e => e.Id == enrollment)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.StartedAt, now.AddDays(-11)).SetProperty(e => e.LastActivityAt, now)));

        var due = Assert.Single(await DueAsync(app, now));
        Assert.Equal((enrollment, patient.Id, $"weekly:{enrollment}:{Weekly}:1", true), (due.EnrollmentId, due.PatientId, due.OccurrenceKey, due.IsOverdue));

        var client = await app.SignedInClientAsync("anne@example.no");
        var home = await client.GetStringAsync("/");
        Assert.Contains("Ukentlig sjekk er klar: Ukesjekk", home);
        Assert.Contains($"href=\"/my/{enrollment}/plan/{Weekly}\"", home);
        var staff = await app.SignedInClientAsync("tone@example.no");
        var caseload = await staff.GetStringAsync("/staff");
        Assert.Contains("Ukesjekk ikke svart på 4 dager", caseload);
        Assert.Contains("data-light=\"yellow\"", caseload);

        var url = $"/my/{enrollment}/plan/{Weekly}";
        var (token, submission) = await PatientPages.FormFieldsAsync(client, url);
        var sent = await client.PostFormAsync(url + "?handler=Questionnaire", Answers(token, submission, 1, 0, 0));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);

        Assert.Empty(await DueAsync(app, DateTimeOffset.UtcNow));
        Assert.DoesNotContain("Ukentlig sjekk er klar", await client.GetStringAsync("/"));
        Assert.DoesNotContain("ikke svart på", await staff.GetStringAsync("/staff"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode); // nothing due, and not a follow-up check-in
        _ = therapist;
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_follow_up_patient_sends_a_check_in_on_their_own_initiative_and_sees_the_therapists_decision_which_no_one_else_sees(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await app.Services.StoreReleaseAsync(FollowUpProgram(), 1);
        var (_, _, enrollment) = await app.Services.CareTeamAsync(programId: FollowUpId);
        var (_, other) = await app.Services.EnrolledPatientAsync("ola@example.no", FollowUpId, firstName: "Ola");
        await app.Services.CreateUserAsync("per@example.no", "Per", ContentPlatform.Delivery.Identity.DeliveryRoles.Therapist);

        var anne = await app.SignedInClientAsync("anne@example.no", "nn");
        var page = await anne.GetStringAsync($"/my/{enrollment}");
        Assert.Contains("Send inn no", page);
        Assert.Contains("Du har ikkje sendt inn noko enno.", page);

        // "Send inn nå": a self-harm answer goes through the same scoring, bands and alert rules as on a module page.
        var url = $"/my/{enrollment}/plan/{Weekly}";
        var (token, submission) = await PatientPages.FormFieldsAsync(anne, url);
        var sent = await anne.PostFormAsync(url + "?handler=Questionnaire", Answers(token, submission, 3, 3, 2));
        Assert.Equal($"/my/{enrollment}?sent={Weekly}", sent.Headers.Location!.OriginalString);
        var result = await app.DbAsync(d => d.QuestionnaireResults.SingleAsync(r => r.EnrollmentId == enrollment));
        Assert.Equal((8, "red", QuestionnaireResult.OwnInitiative), (result.Total, result.TrafficLight, result.Occurrence));
        Assert.Contains("\"item\":\"q3\"", result.AlertsJson); // the alert rule fired (its reason is stored JSON-escaped)

        var tone = await app.SignedInClientAsync("tone@example.no");
        var caseload = await tone.GetStringAsync("/staff");
        Assert.Contains("Ukesjekk: Håpløshet", caseload);
        Assert.Contains("Siste sjekk ", caseload);
        Assert.Contains(": 8 av 9", caseload);

        // Another patient cannot open Anne's check-in; a therapist outside the care team cannot record a decision.
        var ola = await app.SignedInClientAsync("ola@example.no");
        Assert.Equal(HttpStatusCode.NotFound, (await ola.GetAsync(url)).StatusCode);
        var per = await app.SignedInClientAsync("per@example.no");
        var perToken = await per.AntiforgeryTokenAsync("/staff");
        var refused = await per.PostFormAsync($"/staff/patients/{enrollment}?handler=Decision",
            ("__RequestVerificationToken", perToken), ("decision", "CallIn"));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);

        var toneToken = await tone.AntiforgeryTokenAsync($"/staff/patients/{enrollment}");
        var decided = await tone.PostFormAsync($"/staff/patients/{enrollment}?handler=Decision",
            ("__RequestVerificationToken", toneToken), ("decision", "CallIn"), ("decisionNote", "Vi ringer deg i morgon."));
        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        Assert.True(await app.DbAsync(d => d.AccessLog.AnyAsync(a => a.EnrollmentId == enrollment && a.What == "follow-up-decision")));

        page = await anne.GetStringAsync($"/my/{enrollment}");
        Assert.Contains("Du blir kalla inn til ein samtale på klinikken.", page);
        Assert.Contains("Vi ringer deg i morgon.", page);
        Assert.Contains("på eige initiativ", page);
        var olaPage = await ola.GetStringAsync($"/my/{other}");
        Assert.DoesNotContain("kalt inn", olaPage);
        Assert.DoesNotContain("Vi ringer deg i morgon.", olaPage);
    }

    private static async Task<IReadOnlyList<DueQuestionnaire>> DueAsync(AppFactory<ContentPlatform.Delivery.DeliveryApp> app, DateTimeOffset now)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DueQuestionnaires>().DueAsync(now, CancellationToken.None);
    }
}
