using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.AccessLogs;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Tests.Infrastructure;
using static ContentPlatform.Tests.Infrastructure.PatientPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Delivery;

public sealed class PatientProgramTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_questionnaire_is_scored_stored_once_when_posted_twice_and_shown_in_plain_words(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (_, enrollmentId) = await app.Services.EnrolledPatientAsync("anne@example.no");
        var client = await app.SignedInClientAsync("anne@example.no");
        var url = DeliveryKit.PageUrl(enrollmentId, 1, questionnairePage: true);
        var (token, submissionId) = await FormFieldsAsync(client, url);

        (string, string)[] form =
        [
            ("__RequestVerificationToken", token), ("blockId", SamplePrograms.QuestionnaireBlockId(1)), ("release", "1"),
            ("submissionId", submissionId), ("q.q1", "1"), ("q.q2", "2"), ("q.q3", "2"),
        ];
        var first = await client.PostFormAsync(url + "?handler=Questionnaire", form);
        var second = await client.PostFormAsync(url + "?handler=Questionnaire", form);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);

        var result = Assert.Single(await QueryAsync(app, d => d.QuestionnaireResults.ToListAsync()));
        Assert.Equal(5, result.Total);
        Assert.Equal(9, result.MaxTotal);
        Assert.Equal("yellow", result.Band);
        Assert.Equal("red", result.TrafficLight); // the alert on q3 is worse than the band
        Assert.Contains("q3", result.AlertsJson);
        var page = await client.GetStringAsync(url);
        Assert.Contains("Poengsummen din er 5 av 9: noen plager", page);
    }

    [Fact]
    public async Task A_half_answered_questionnaire_is_refused_with_a_message_and_keeps_the_choices()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (_, enrollmentId) = await app.Services.EnrolledPatientAsync("anne@example.no");
        var client = await app.SignedInClientAsync("anne@example.no", "nn");
        var url = DeliveryKit.PageUrl(enrollmentId, 1, questionnairePage: true);
        var (token, submissionId) = await FormFieldsAsync(client, url);
        var response = await client.PostFormAsync(url + "?handler=Questionnaire", ("__RequestVerificationToken", token),
            ("blockId", SamplePrograms.QuestionnaireBlockId(1)), ("release", "1"), ("submissionId", submissionId), ("q.q1", "3"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Svar på alle spørsmåla før du sender inn (2 manglar)", html);
        Assert.Matches("value=\"3\" checked", html);
        Assert.Empty(await QueryAsync(app, d => d.QuestionnaireResults.ToListAsync()));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_next_module_stays_locked_until_the_therapist_opens_it(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var tone = await app.Services.CreateUserAsync("tone@example.no", "Tone", DeliveryRoles.Therapist);
        await app.Services.CreateUserAsync("per@example.no", "Per", DeliveryRoles.Therapist);
        var (_, enrollmentId) = await app.Services.EnrolledPatientAsync("anne@example.no", therapistId: tone.Id);
        var patient = await app.SignedInClientAsync("anne@example.no");

        var locked = await patient.GetAsync(DeliveryKit.PageUrl(enrollmentId, 2));
        Assert.Equal(HttpStatusCode.Redirect, locked.StatusCode);
        var overview = await patient.GetStringAsync(locked.Headers.Location!.OriginalString);
        Assert.Contains("behandleren din åpner denne modulen", overview);
        var token = await PageTokenAsync(patient, DeliveryKit.PageUrl(enrollmentId, 1));
        var refused = await AutosaveAsync(patient, enrollmentId, token, SamplePrograms.ExerciseId(2), "text");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        // A therapist outside the care team cannot open it, and learns nothing about whether it exists.
        var outsider = await app.SignedInClientAsync("per@example.no");
        using var outsiderOpen = new HttpRequestMessage(HttpMethod.Post, $"/api/staff/enrollments/{enrollmentId}/modules/{SamplePrograms.ModuleId(2)}/open");
        outsiderOpen.Headers.Add("RequestVerificationToken", await outsider.AntiforgeryTokenAsync("/staff/enrol"));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.SendAsync(outsiderOpen)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await patient.GetAsync(DeliveryKit.PageUrl(enrollmentId, 2))).StatusCode);

        var therapist = await app.SignedInClientAsync("tone@example.no");
        var staffToken = await therapist.AntiforgeryTokenAsync("/staff/enrol");
        using var open = new HttpRequestMessage(HttpMethod.Post, $"/api/staff/enrollments/{enrollmentId}/modules/{SamplePrograms.ModuleId(2)}/open");
        open.Headers.Add("RequestVerificationToken", staffToken);
        Assert.Equal(HttpStatusCode.OK, (await therapist.SendAsync(open)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await patient.GetAsync(DeliveryKit.PageUrl(enrollmentId, 2))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AutosaveAsync(patient, enrollmentId, token, SamplePrograms.ExerciseId(2), "text")).StatusCode);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Completing_a_module_needs_its_questionnaire_and_then_opens_the_next_in_a_sequential_program(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(new UnlockRule(UnlockMode.Sequential)), 1);
        var (_, enrollmentId) = await app.Services.EnrolledPatientAsync("anne@example.no");
        var client = await app.SignedInClientAsync("anne@example.no");
        var lastPage = DeliveryKit.PageUrl(enrollmentId, 1, questionnairePage: true);

        var (token, submissionId) = await FormFieldsAsync(client, lastPage);
        var early = await client.PostFormAsync(lastPage + "?handler=Complete", ("__RequestVerificationToken", token));
        Assert.Contains("Før du fullfører modulen, må du svare på: Ukesjekk", await early.Content.ReadAsStringAsync());

        await client.PostFormAsync(lastPage + "?handler=Questionnaire", ("__RequestVerificationToken", token),
            ("blockId", SamplePrograms.QuestionnaireBlockId(1)), ("release", "1"), ("submissionId", submissionId),
            ("q.q1", "0"), ("q.q2", "0"), ("q.q3", "0"));
        var done = await client.PostFormAsync(lastPage + "?handler=Complete", ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(DeliveryKit.PageUrl(enrollmentId, 2))).StatusCode);
        var enrollment = await QueryAsync(app, d => d.Enrollments.SingleAsync());
        Assert.Equal(50, enrollment.PercentComplete); // pages read: module 1's two (completed) and module 2's first, of six
        var verbs = await QueryAsync(app, d => d.ProgressEvents.OrderBy(e => e.Id).Select(e => e.Verb).ToListAsync());
        Assert.Equal([ProgressVerbs.Viewed, ProgressVerbs.Answered, ProgressVerbs.Completed, ProgressVerbs.Viewed], verbs);
        Assert.Contains("50 % fullført", await client.GetStringAsync("/"));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_new_release_mid_treatment_keeps_every_answer_with_the_text_the_patient_saw(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        var first = SamplePrograms.Guided();
        await app.Services.StoreReleaseAsync(first, 1);
        var (_, enrollmentId) = await app.Services.EnrolledPatientAsync("anne@example.no");
        var client = await app.SignedInClientAsync("anne@example.no");
        var token = await PageTokenAsync(client, DeliveryKit.PageUrl(enrollmentId, 1));
        Assert.Equal(HttpStatusCode.OK, (await AutosaveAsync(client, enrollmentId, token, SamplePrograms.ExerciseId(1), "Jobbmøtet på mandag")).StatusCode);

        await app.Services.StoreReleaseAsync(SamplePrograms.WithoutFirstExercise(first), 2);

        var page = await client.GetStringAsync(DeliveryKit.PageUrl(enrollmentId, 1));
        Assert.Contains("Omskrevet tekst", page);
        Assert.DoesNotContain("Jobbmøtet på mandag", page);
        var answers = await client.GetStringAsync($"/my/{enrollmentId}/answers");
        Assert.Contains("Jobbmøtet på mandag", answers);
        Assert.Contains("Din uke — Hva gjorde deg urolig denne uka?", answers);
        Assert.Contains("ikke lenger i programmet", answers);
        var stored = Assert.Single(await QueryAsync(app, d => d.Answers.ToListAsync()));
        Assert.Equal(1, stored.Release);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_stale_page_posted_after_a_new_release_is_saved_and_the_patient_is_told(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        var first = SamplePrograms.Guided();
        await app.Services.StoreReleaseAsync(first, 1);
        var (_, enrollmentId) = await app.Services.EnrolledPatientAsync("anne@example.no");
        var client = await app.SignedInClientAsync("anne@example.no");
        var url = DeliveryKit.PageUrl(enrollmentId, 1);
        var token = await PageTokenAsync(client, url);
        await app.Services.StoreReleaseAsync(SamplePrograms.WithoutFirstExercise(first), 2);

        var response = await client.PostFormAsync(url + "?handler=Answer", ("__RequestVerificationToken", token),
            ("blockId", SamplePrograms.ExerciseId(1)), ("release", "1"), ("f.text", "Skrevet før den nye utgaven"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Innholdet er oppdatert siden du åpnet siden. Svaret ditt er lagret.", await response.Content.ReadAsStringAsync());
        Assert.Equal("Skrevet før den nye utgaven", Assert.Single(await QueryAsync(app, d => d.Answers.ToListAsync())).Value);
    }

    [Fact]
    public async Task An_answer_far_over_the_limit_gets_a_localized_message_and_the_text_stays_in_the_field()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (_, enrollmentId) = await app.Services.EnrolledPatientAsync("anne@example.no");
        var client = await app.SignedInClientAsync("anne@example.no", "nn");
        var url = DeliveryKit.PageUrl(enrollmentId, 1);
        var token = await PageTokenAsync(client, url);
        var huge = string.Concat(Enumerable.Repeat("Lang tekst. ", 5000));

        var api = await AutosaveAsync(client, enrollmentId, token, SamplePrograms.ExerciseId(1), huge);
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Contains("Svaret er for langt til å bli lagra", await api.Content.ReadAsStringAsync());

        var form = await client.PostAsync(url + "?handler=Answer", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["blockId"] = SamplePrograms.ExerciseId(1), ["release"] = "1", ["f.text"] = huge,
        }));
        var html = await form.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        Assert.Contains("Teksten din er ikkje borte", html);
        Assert.Contains(huge.Trim(), html);
        Assert.Empty(await QueryAsync(app, d => d.Answers.ToListAsync()));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Autosave_and_a_double_posted_form_leave_one_answer(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (_, enrollmentId) = await app.Services.EnrolledPatientAsync("anne@example.no");
        var client = await app.SignedInClientAsync("anne@example.no");
        var url = DeliveryKit.PageUrl(enrollmentId, 1);
        var token = await PageTokenAsync(client, url);
        await AutosaveAsync(client, enrollmentId, token, SamplePrograms.ExerciseId(1), "Første");
        for (var i = 0; i < 2; i++)
        {
            var posted = await client.PostFormAsync(url + "?handler=Answer", ("__RequestVerificationToken", token),
                ("blockId", SamplePrograms.ExerciseId(1)), ("release", "1"), ("f.text", "Endelig"));
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        }
        Assert.Equal("Endelig", Assert.Single(await QueryAsync(app, d => d.Answers.ToListAsync())).Value);
        Assert.Contains(">Endelig</textarea>", await client.GetStringAsync(url));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_expired_or_used_invitation_gets_a_clear_message(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var expired = await app.Services.InviteAsync();
        await QueryAsync(app, d => d.Invitations.ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, DateTimeOffset.UtcNow.AddDays(-1))));
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nn");
        var response = await client.GetAsync($"/invitation/{expired}");
        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Contains("Invitasjonen har gått ut", await response.Content.ReadAsStringAsync());

        var code = await app.Services.InviteAsync();
        var token = await client.AntiforgeryTokenAsync($"/invitation/{code}");
        var accepted = await client.PostFormAsync($"/invitation/{code}", ("__RequestVerificationToken", token),
            ("name", "Ola"), ("email", "ola@example.no"), ("password", "a long enough passphrase"));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var other = app.CreateClient();
        var used = await (await other.GetAsync($"/invitation/{code}")).Content.ReadAsStringAsync();
        Assert.Contains("Invitasjonen er allerede brukt", used);
        Assert.Single(await QueryAsync(app, d => d.Invitations.Where(i => i.CodeHash == ContentPlatform.Delivery.Enrollment.EnrollmentService.Hash(code)).ToListAsync()));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_withdrawn_program_takes_no_new_patients_but_enrolled_patients_continue(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (_, enrollmentId) = await app.Services.EnrolledPatientAsync("anne@example.no");
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1, withdrawn: true);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var (error, _, _) = await scope.ServiceProvider.GetRequiredService<ContentPlatform.Delivery.Enrollment.EnrollmentService>()
                .InviteAsync(SamplePrograms.GuidedId, "Ola", "staff", CancellationToken.None);
            Assert.Equal(ContentPlatform.Delivery.Enrollment.EnrollError.Withdrawn, error);
        }
        var client = await app.SignedInClientAsync("anne@example.no");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(DeliveryKit.PageUrl(enrollmentId, 1))).StatusCode);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_course_is_joined_by_self_sign_up_and_its_quiz_gives_feedback_per_option(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await app.Services.StoreReleaseAsync(SamplePrograms.Course(), 1);
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Contains("Sov godt", await client.GetStringAsync("/courses"));
        var joined = await client.JoinCourseAsync(app, SamplePrograms.CourseId, "Kari", "kari@example.no");
        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        var programUrl = joined.Headers.Location!.OriginalString;
        var enrollmentId = Guid.Parse(programUrl.Split('/')[2]);

        var url = $"/my/{enrollmentId}/{SamplePrograms.CourseId}-m2/{SamplePrograms.CourseId}-m2-p1";
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode); // free navigation
        var quizPage = $"/my/{enrollmentId}/{SamplePrograms.CourseId}-m1/{SamplePrograms.CourseId}-m1-p1";
        var pageToken = await PageTokenAsync(client, quizPage);
        var answered = await client.PostFormAsync(quizPage + "?handler=Quiz", ("__RequestVerificationToken", pageToken),
            ("blockId", $"{SamplePrograms.CourseId}-m1-quiz"), ("release", "1"), ("choice", "a"));
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        var html = await client.GetStringAsync(quizPage);
        Assert.Contains("Ikke riktig.</strong> Det er for lite for de fleste.", html);
        await client.PostFormAsync(quizPage + "?handler=Quiz", ("__RequestVerificationToken", pageToken),
            ("blockId", $"{SamplePrograms.CourseId}-m1-quiz"), ("release", "1"), ("choice", "b"));
        Assert.Contains("Riktig.</strong> Ja, det stemmer.", await client.GetStringAsync(quizPage));
        Assert.Contains(ProgressVerbs.Passed, await QueryAsync(app, d => d.ProgressEvents.Select(e => e.Verb).ToListAsync()));
    }

    [Fact]
    public async Task My_data_downloads_everything_and_shows_which_staff_looked()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (patient, enrollmentId) = await app.Services.EnrolledPatientAsync("anne@example.no");
        var client = await app.SignedInClientAsync("anne@example.no");
        var token = await PageTokenAsync(client, DeliveryKit.PageUrl(enrollmentId, 1));
        await AutosaveAsync(client, enrollmentId, token, SamplePrograms.ExerciseId(1), "Mitt svar");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AccessLog>()
                .WriteAsync(patient.Id, "t1", "Tone Terapeut", AccessKinds.Answers, enrollmentId, CancellationToken.None);
        }

        var json = await client.GetStringAsync("/my-data/download");
        Assert.Contains("Mitt svar", json);
        Assert.Contains("\"viewed\"", json);
        Assert.Contains("Tone Terapeut", json);
        var page = await client.GetStringAsync("/my-data");
        Assert.Contains("Tone Terapeut", page);
        Assert.Contains("Mitt svar", page);
    }
}
