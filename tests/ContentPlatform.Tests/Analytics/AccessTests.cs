using System.Net;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Analytics;

/// <summary>Analysts reach aggregates only; patients and therapists never reach analytics.</summary>
public sealed class AccessTests
{
    [Fact]
    public async Task An_analyst_is_refused_every_per_patient_page_and_api()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (_, enrollment) = await app.Services.EnrolledPatientAsync("anne@example.no");
        var analyst = await app.AnalystAsync();
        var module = SamplePrograms.ModuleId(1);

        string[] gets =
        [
            $"/my/{enrollment}", $"/my/{enrollment}/answers", DeliveryKit.PageUrl(enrollment, 1), DeliveryKit.PageUrl(enrollment, 1, questionnairePage: true),
            "/my-data", "/my-data/download", "/staff/enrol",
            // The therapist workspace being built on main (caseload, patient view): refused here too once merged.
            "/staff", $"/staff/patients/{enrollment}",
        ];
        foreach (var url in gets)
        {
            AssertRefused(await analyst.GetAsync(url), $"GET {url}");
        }
        (string Url, HttpContent Body)[] posts =
        [
            ($"/api/my/enrollments/{enrollment}/answers", new StringContent("{}", System.Text.Encoding.UTF8, "application/json")),
            ($"/api/staff/enrollments/{enrollment}/modules/{module}/open", new StringContent("")),
            ("/staff/enrol", new FormUrlEncodedContent([new("programId", SamplePrograms.GuidedId), new("name", "X")])),
        ];
        foreach (var (url, body) in posts)
        {
            AssertRefused(await analyst.PostAsync(url, body), $"POST {url}");
        }
    }

    [Theory]
    [InlineData(DeliveryRoles.Patient)]
    [InlineData(DeliveryRoles.Therapist)]
    [InlineData(DeliveryRoles.ClinicAdmin)]
    public async Task Patients_and_care_staff_cannot_reach_analytics(string role)
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.CreateUserAsync("someone@example.no", "Someone", role);
        var client = await app.SignedInClientAsync("someone@example.no");
        foreach (var url in new[] { "/analytics", "/analytics/baselines", "/analytics/export", "/api/analytics/indicators", "/api/analytics/indicators.csv" })
        {
            AssertRefused(await client.GetAsync(url), $"{role} GET {url}");
        }
        var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/analytics/indicators")).StatusCode);
    }

    [Fact]
    public async Task Pages_json_and_csv_carry_no_name_id_or_message()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await SyntheticCohort.SeedAsync(app.Services);
        var analyst = await app.AnalystAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContentPlatform.Delivery.Data.DeliveryDbContext>();
        var enrollmentIds = await db.Enrollments.Select(e => e.Id.ToString()).ToListAsync();
        var query = $"scope=program:{SyntheticCohort.Guided}&period=custom&from={SyntheticCohort.From:yyyy-MM-dd}&to={SyntheticCohort.To:yyyy-MM-dd}";

        foreach (var url in new[] { $"/analytics?{query}", $"/api/analytics/indicators?{query}", $"/api/analytics/indicators.csv?{query}" })
        {
            var response = await analyst.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("patient-a-", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Hemmelig meldingstekst", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Synthetic", body, StringComparison.Ordinal);
            Assert.DoesNotContain(enrollmentIds, id => body.Contains(id, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>Refused: 403/404, or (for a page, by the platform's convention) a redirect to the access-denied page.</summary>
    private static void AssertRefused(HttpResponseMessage response, string what) =>
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.AbsolutePath == "/account/denied"),
            $"{what}: {(int)response.StatusCode} {response.Headers.Location}");
}
