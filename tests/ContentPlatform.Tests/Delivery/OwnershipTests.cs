using System.Net;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static ContentPlatform.Tests.Infrastructure.PatientPages;

namespace ContentPlatform.Tests.Delivery;

/// <summary>A patient can never read or write another patient's data: every route is tried with another patient's ids.</summary>
public sealed class OwnershipTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Every_patient_route_refuses_another_patients_enrollment_and_changes_nothing(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (_, anneEnrollment) = await app.Services.EnrolledPatientAsync("anne@example.no");
        var (_, olaEnrollment) = await app.Services.EnrolledPatientAsync("ola@example.no");
        var anne = await app.SignedInClientAsync("anne@example.no");
        var anneToken = await PageTokenAsync(anne, DeliveryKit.PageUrl(anneEnrollment, 1));
        await AutosaveAsync(anne, anneEnrollment, anneToken, SamplePrograms.ExerciseId(1), "Annes hemmelighet");

        var ola = await app.SignedInClientAsync("ola@example.no");
        var (olaToken, submission) = await FormFieldsAsync(ola, DeliveryKit.PageUrl(olaEnrollment, 1, questionnairePage: true));
        var before = await SnapshotAsync(app);

        string[] reads =
        [
            $"/my/{anneEnrollment}", $"/my/{anneEnrollment}/answers", DeliveryKit.PageUrl(anneEnrollment, 1),
            DeliveryKit.PageUrl(anneEnrollment, 1, questionnairePage: true), DeliveryKit.PageUrl(anneEnrollment, 2),
        ];
        foreach (var url in reads)
        {
            var response = await ola.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"GET {url}: {response.StatusCode}");
            Assert.DoesNotContain("Annes hemmelighet", await response.Content.ReadAsStringAsync());
        }
        var pageUrl = DeliveryKit.PageUrl(anneEnrollment, 1);
        var qUrl = DeliveryKit.PageUrl(anneEnrollment, 1, questionnairePage: true);
        (string Url, (string, string)[] Form)[] posts =
        [
            ($"{pageUrl}?handler=Answer", [("__RequestVerificationToken", olaToken), ("blockId", SamplePrograms.ExerciseId(1)), ("release", "1"), ("f.text", "overwritten")]),
            ($"{qUrl}?handler=Questionnaire", [("__RequestVerificationToken", olaToken), ("blockId", SamplePrograms.QuestionnaireBlockId(1)), ("release", "1"), ("submissionId", submission), ("q.q1", "1"), ("q.q2", "1"), ("q.q3", "1")]),
            ($"{qUrl}?handler=Complete", [("__RequestVerificationToken", olaToken)]),
            ($"{pageUrl}?handler=Quiz", [("__RequestVerificationToken", olaToken), ("blockId", SamplePrograms.ExerciseId(1)), ("release", "1"), ("choice", "a")]),
        ];
        foreach (var (url, form) in posts)
        {
            var response = await ola.PostFormAsync(url, form);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"POST {url}: {response.StatusCode}");
        }
        var api = await AutosaveAsync(ola, anneEnrollment, olaToken, SamplePrograms.ExerciseId(1), "overwritten");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);

        // Staff endpoints are not for patients at all.
        using var open = new HttpRequestMessage(HttpMethod.Post, $"/api/staff/enrollments/{anneEnrollment}/modules/{SamplePrograms.ModuleId(2)}/open");
        open.Headers.Add("RequestVerificationToken", olaToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await ola.SendAsync(open)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ola.GetAsync("/staff/enrol")).StatusCode);

        // Ola's own data export holds nothing of Anne's.
        Assert.DoesNotContain("Annes hemmelighet", await ola.GetStringAsync("/my-data/download"));
        Assert.DoesNotContain(anneEnrollment.ToString(), await ola.GetStringAsync("/my-data/download"));
        Assert.Equal(before, await SnapshotAsync(app));
    }

    [Fact]
    public async Task Signed_out_visitors_reach_no_patient_data()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (_, enrollment) = await app.Services.EnrolledPatientAsync("anne@example.no");
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var url in new[] { $"/my/{enrollment}", DeliveryKit.PageUrl(enrollment, 1), "/my-data", "/my-data/download", "/staff/enrol" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync($"/api/my/enrollments/{enrollment}/answers", null)).StatusCode);
    }

    private static Task<string> SnapshotAsync(AppFactory<ContentPlatform.Delivery.DeliveryApp> app) => QueryAsync(app, async d =>
        string.Join("|",
            string.Join(",", await d.Answers.OrderBy(a => a.Id).Select(a => a.EnrollmentId + a.BlockId + a.Value).ToListAsync()),
            await d.QuestionnaireResults.CountAsync(), await d.ProgressEvents.CountAsync(), await d.ModuleProgress.CountAsync(),
            await d.ModuleOpenings.CountAsync()));
}
