using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Fhir;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.AccessLogs;
using ContentPlatform.Contract.Questionnaires;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using R4 = Hl7.Fhir.Model;

namespace ContentPlatform.Tests.Delivery;

/// <summary>Submitted questionnaires as FHIR QuestionnaireResponses: the care team's read endpoint and the data download.</summary>
public sealed class FhirEndpointTests
{
    private const string Search = "/fhir/QuestionnaireResponse?patient=";

    private sealed record Setup(AppFactory<DeliveryApp> App, DeliveryUser Patient, DeliveryUser Therapist, HttpClient PatientClient);

    /// <summary>Anne, enrolled by the therapist Tone, submits the week-1 questionnaire (5 of 9) through the real form.</summary>
    private static async Task<Setup> SubmittedAsync(Db db)
    {
        var app = await Apps.DeliveryAsync(db);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (tone, anne, enrollmentId) = await app.Services.CareTeamAsync(therapistName: "Tone Terapeut");
        var client = await app.SignedInClientAsync("anne@example.no");
        var url = DeliveryKit.PageUrl(enrollmentId, 1, questionnairePage: true);
        var (token, submissionId) = await PatientPages.FormFieldsAsync(client, url);
        var posted = await client.PostFormAsync(url + "?handler=Questionnaire", ("__RequestVerificationToken", token),
            ("blockId", SamplePrograms.QuestionnaireBlockId(1)), ("release", "1"), ("submissionId", submissionId),
            ("q.q1", "1"), ("q.q2", "2"), ("q.q3", "2"));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        return new(app, anne, tone, client);
    }

    private static async Task<string> KeyAsync(AppFactory<DeliveryApp> app, string staffUserId, string name = "DIPS Arena")
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<FhirKeys>().CreateAsync(staffUserId, name, "test")).Secret;
    }

    private static async Task<HttpResponseMessage> SearchAsync(AppFactory<DeliveryApp> app, string patientId, string? key)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Search + patientId);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return await client.SendAsync(request);
    }

    private static async Task<List<AccessLogEntry>> AccessLogAsync(AppFactory<DeliveryApp> app, string patientId) =>
        await PatientPages.QueryAsync(app, d => d.AccessLog.Where(a => a.PatientId == patientId).ToListAsync());

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_care_teams_key_reads_a_real_submission_as_a_response_that_fits_its_questionnaire_and_is_logged(Db db)
    {
        var setup = await SubmittedAsync(db);
        await using var app = setup.App;
        var key = await KeyAsync(app, setup.Therapist.Id);

        var response = await SearchAsync(app, setup.Patient.Id, key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var bundle = JsonSerializer.Deserialize<R4.Bundle>(await response.Content.ReadAsStringAsync(), FhirJson.Options)!;
        var answers = Assert.IsType<R4.QuestionnaireResponse>(Assert.Single(bundle.Entry).Resource);
        var canonical = FhirUrls.QuestionnaireCanonical(SamplePrograms.GuidedId, SamplePrograms.Weekly().Id, 1);
        Assert.Empty(FhirSpecification.Errors(answers));
        Assert.Empty(FhirQuestionnaireResponse.Check(answers, FhirQuestionnaire.ToFhir(SamplePrograms.Weekly(), "nb", canonical)));
        Assert.Equal($"Patient/{setup.Patient.Id}", answers.Subject?.Reference);
        var score = answers.Extension.Single(e => e.Url == FhirUrls.Score);
        Assert.Equal(5, Assert.IsType<R4.Integer>(score.Extension.Single(e => e.Url == "total").Value).Value);
        var logged = Assert.Single(await AccessLogAsync(app, setup.Patient.Id));
        Assert.Equal((AccessKinds.Fhir, setup.Therapist.Id, "Tone Terapeut (DIPS Arena)"), (logged.What, logged.StaffUserId, logged.StaffName));
    }

    [Fact]
    public async Task Another_care_teams_key_no_key_a_wrong_key_and_a_revoked_key_are_refused_and_nothing_is_logged()
    {
        var setup = await SubmittedAsync(Db.Sqlite);
        await using var app = setup.App;
        var other = await app.Services.CreateUserAsync("otto@example.no", "Otto Annan", DeliveryRoles.Therapist);
        await app.Services.EnrolledPatientAsync("ola@example.no", therapistId: other.Id, firstName: "Ola");
        var othersKey = await KeyAsync(app, other.Id);
        var revoked = await KeyAsync(app, setup.Therapist.Id, "Gammel nøkkel");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContentPlatform.Delivery.Data.DeliveryDbContext>();
            var id = await db.Set<FhirClientKey>().Where(k => k.Name == "Gammel nøkkel").Select(k => k.Id).SingleAsync();
            Assert.True(await scope.ServiceProvider.GetRequiredService<FhirKeys>().RevokeAsync(id));
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await SearchAsync(app, setup.Patient.Id, othersKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SearchAsync(app, setup.Patient.Id, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SearchAsync(app, setup.Patient.Id, "cpfhir_" + new string('A', 43))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SearchAsync(app, setup.Patient.Id, revoked)).StatusCode);
        Assert.Empty(await AccessLogAsync(app, setup.Patient.Id));
    }

    [Fact]
    public async Task The_data_download_holds_every_submission_as_a_fhir_questionnaire_response()
    {
        var setup = await SubmittedAsync(Db.Sqlite);
        await using var app = setup.App;

        var json = JsonDocument.Parse(await setup.PatientClient.GetStringAsync("/my-data/download")).RootElement;

        var bundle = JsonSerializer.Deserialize<R4.Bundle>(json.GetProperty("questionnaireResponses").GetRawText(), FhirJson.Options)!;
        var answers = Assert.IsType<R4.QuestionnaireResponse>(Assert.Single(bundle.Entry).Resource);
        Assert.Equal(FhirUrls.QuestionnaireCanonical(SamplePrograms.GuidedId, SamplePrograms.Weekly().Id, 1).ToString(), answers.Questionnaire);
    }
}
