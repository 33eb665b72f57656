using System.Net;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Tests.CareTeams;

/// <summary>Tailoring per patient: the therapist adds or hides optional modules, and the patient's program follows.</summary>
public sealed class TailoringTests
{
    /// <summary>The sample program (three modules of two pages, all open) with module 2 optional.</summary>
    public static ProgramContent WithOptionalSecond()
    {
        var program = SamplePrograms.Guided(new UnlockRule(UnlockMode.Free));
        return program with
        {
            Modules = program.Modules.Select(m => m.Id == SamplePrograms.ModuleId(2) ? m with { Optional = true } : m).ToList(),
        };
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_therapist_adds_then_hides_an_optional_module_and_the_patients_modules_and_progress_follow_with_each_change_logged(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await app.Services.StoreReleaseAsync(WithOptionalSecond(), 1);
        var tone = await app.TherapistAsync("tone@example.no", "Tone Terapeut");
        var (_, enrollment) = await app.PatientOfAsync(tone.Id, "anne@example.no", "Anne");
        var anne = await app.SignedInClientAsync("anne@example.no");
        // Both pages of module 1 read: 2 of the plan's 4 pages (module 2 is hidden until added).
        Assert.Equal(HttpStatusCode.OK, (await anne.GetAsync(DeliveryKit.PageUrl(enrollment, 1))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anne.GetAsync(DeliveryKit.PageUrl(enrollment, 1, questionnairePage: true))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anne.GetAsync(DeliveryKit.PageUrl(enrollment, 2))).StatusCode);
        var therapist = await app.SignedInClientAsync("tone@example.no");
        await AssertProgressAsync(app, anne, therapist, enrollment, 50, hasSecond: false);

        var patientView = $"/staff/patients/{enrollment}";
        Assert.Equal(HttpStatusCode.Redirect, (await SetPlanAsync(therapist, patientView, SamplePrograms.ModuleId(2), included: true)).StatusCode);
        await AssertProgressAsync(app, anne, therapist, enrollment, 33, hasSecond: true); // 2 of 6 pages
        Assert.Equal(HttpStatusCode.OK, (await anne.GetAsync(DeliveryKit.PageUrl(enrollment, 2))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anne.GetAsync(DeliveryKit.PageUrl(enrollment, 2, questionnairePage: true))).StatusCode);
        await AssertProgressAsync(app, anne, therapist, enrollment, 66, hasSecond: true); // 4 of 6

        Assert.Equal(HttpStatusCode.Redirect, (await SetPlanAsync(therapist, patientView, SamplePrograms.ModuleId(2), included: false)).StatusCode);
        await AssertProgressAsync(app, anne, therapist, enrollment, 50, hasSecond: false); // back to 2 of 4: module 2's page no longer counts

        var history = await therapist.GetStringAsync(patientView);
        Assert.Contains("Tone Terapeut la til «Modul 2: Pust»", history);
        Assert.Contains("Tone Terapeut skjulte «Modul 2: Pust»", history);
        var myData = await anne.GetStringAsync("/my-data");
        Assert.Contains("La til en valgfri modul i planen din", myData);
        Assert.Contains("Skjulte en valgfri modul i planen din", myData);
        Assert.Equal(2, await app.DbAsync(d => d.PlanChanges.CountAsync()));
    }

    [Fact]
    public async Task A_required_module_cannot_be_hidden_and_a_therapist_outside_the_care_team_is_refused_with_403()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(WithOptionalSecond(), 1);
        var tone = await app.TherapistAsync("tone@example.no", "Tone");
        await app.TherapistAsync("per@example.no", "Per");
        var (_, enrollment) = await app.PatientOfAsync(tone.Id, "anne@example.no", "Anne");
        var api = $"/api/staff/enrollments/{enrollment}/plan/modules/";

        var therapist = await app.SignedInClientAsync("tone@example.no", "nn");
        var token = await therapist.AntiforgeryTokenAsync($"/staff/patients/{enrollment}");
        var required = await SendAsync(therapist, HttpMethod.Delete, api + SamplePrograms.ModuleId(1), token);
        Assert.Equal(HttpStatusCode.BadRequest, required.StatusCode);
        Assert.Contains("Modulen er obligatorisk i programmet og kan ikkje gøymast.", await required.Content.ReadAsStringAsync());
        var form = await SetPlanAsync(therapist, $"/staff/patients/{enrollment}", SamplePrograms.ModuleId(1), included: false);
        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(therapist, HttpMethod.Put, api + "no-such-module", token)).StatusCode);

        var per = await app.SignedInClientAsync("per@example.no");
        var perToken = await per.AntiforgeryTokenAsync("/staff/enrol");
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(per, HttpMethod.Put, api + SamplePrograms.ModuleId(2), perToken)).StatusCode);
        Assert.Equal(0, await app.DbAsync(d => d.PlanChanges.CountAsync()));
        Assert.Equal(0, await app.DbAsync(d => d.AccessLog.CountAsync(a => a.What.StartsWith("plan"))));

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(therapist, HttpMethod.Put, api + SamplePrograms.ModuleId(2), token)).StatusCode);
        Assert.Equal(1, await app.DbAsync(d => d.PlanChanges.CountAsync()));
    }

    /// <summary>The home page, the program page and the caseload show the same percentage; the module list follows the plan.</summary>
    private static async Task AssertProgressAsync(AppFactory<ContentPlatform.Delivery.DeliveryApp> app, HttpClient patient, HttpClient therapist,
        Guid enrollment, int percent, bool hasSecond)
    {
        var program = await patient.GetStringAsync($"/my/{enrollment}");
        Assert.Contains($"value=\"{percent}\"", program);
        Assert.Equal(hasSecond, program.Contains("Modul 2: Pust", StringComparison.Ordinal));
        Assert.Contains($"value=\"{percent}\"", await patient.GetStringAsync("/"));
        Assert.Equal(percent, await app.DbAsync(d => d.Enrollments.Where(e => e.Id == enrollment).Select(e => e.PercentComplete).SingleAsync()));
        Assert.Contains($"{percent}&nbsp;%", await therapist.GetStringAsync("/staff"));
    }

    private static async Task<HttpResponseMessage> SetPlanAsync(HttpClient therapist, string patientView, string moduleId, bool included) =>
        await therapist.PostFormAsync($"{patientView}?handler=Plan", ("__RequestVerificationToken", await therapist.AntiforgeryTokenAsync(patientView)),
            ("moduleId", moduleId), ("included", included ? "true" : "false"));

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string token)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("RequestVerificationToken", token);
        return client.SendAsync(request);
    }
}
