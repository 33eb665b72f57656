using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static ContentPlatform.Tests.Infrastructure.PatientPages;

namespace ContentPlatform.Tests.Delivery;

/// <summary>
/// The server-side cache of a patient's module pages (PatientPageCache): a reload is served from memory, yet nothing a
/// patient or their therapist does is ever hidden by it, and nobody else is ever served it.
/// </summary>
public sealed partial class PageCacheTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_reload_comes_from_the_cache_and_a_saved_answer_replaces_it_at_once(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (_, enrollmentId) = await app.Services.EnrolledPatientAsync("anne@example.no");
        var client = await app.SignedInClientAsync("anne@example.no");
        var url = DeliveryKit.PageUrl(enrollmentId, 1);
        var token = await PageTokenAsync(client, url); // first view: writes "viewed", not stored
        Assert.Equal(HttpStatusCode.OK, (await AutosaveAsync(client, enrollmentId, token, SamplePrograms.ExerciseId(1), "Første utkast")).StatusCode);
        Assert.Contains("Første utkast", await client.GetStringAsync(url)); // rendered after the save, and stored

        // Behind the app's back the answer changes in the database: a reload that still shows the old text is a cache hit.
        await QueryAsync(app, d => d.Answers.ExecuteUpdateAsync(s => s.SetProperty(a => a.Value, "Endret i databasen")));
        Assert.Contains("Første utkast", await client.GetStringAsync(url));

        // Saving through the app evicts: the very next reload shows the saved text.
        Assert.Equal(HttpStatusCode.OK, (await AutosaveAsync(client, enrollmentId, token, SamplePrograms.ExerciseId(1), "Andre utkast")).StatusCode);
        var page = await client.GetStringAsync(url);
        Assert.Contains("Andre utkast", page);
        Assert.DoesNotContain("Første utkast", page);
    }

    [Fact]
    public async Task Another_patient_asking_for_a_cached_page_gets_404_and_a_signed_out_visitor_the_sign_in()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (_, enrollmentId) = await app.Services.EnrolledPatientAsync("anne@example.no");
        await app.Services.EnrolledPatientAsync("ola@example.no", firstName: "Ola");
        var anne = await app.SignedInClientAsync("anne@example.no");
        var url = DeliveryKit.PageUrl(enrollmentId, 1);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await anne.GetAsync(url)).StatusCode);
        }

        var ola = await app.SignedInClientAsync("ola@example.no");
        await ola.GetAsync("/"); // Ola has an antiforgery cookie too, like any browser that has seen a form
        Assert.Equal(HttpStatusCode.NotFound, (await ola.GetAsync(url)).StatusCode);
        var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        var refused = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/login", refused.Headers.Location!.PathAndQuery);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Moving_between_pages_still_records_every_view_and_where_to_continue(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (_, enrollmentId) = await app.Services.EnrolledPatientAsync("anne@example.no");
        var client = await app.SignedInClientAsync("anne@example.no");
        var first = DeliveryKit.PageUrl(enrollmentId, 1);
        var second = DeliveryKit.PageUrl(enrollmentId, 1, questionnairePage: true);
        foreach (var url in new[] { first, first, first, second, first })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
        }
        var views = await QueryAsync(app, d => d.ProgressEvents.Where(e => e.Verb == ProgressVerbs.Viewed).OrderBy(e => e.Id).Select(e => e.ObjectId).ToListAsync());
        Assert.Equal([SamplePrograms.PageA(1), SamplePrograms.PageB(1), SamplePrograms.PageA(1)], views);
        Assert.Equal(SamplePrograms.PageA(1), (await QueryAsync(app, d => d.Enrollments.SingleAsync())).LastPageId);
    }

    [Fact]
    public async Task A_page_with_a_questionnaire_is_rendered_fresh_each_time_so_two_tabs_are_two_submissions()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (_, enrollmentId) = await app.Services.EnrolledPatientAsync("anne@example.no");
        var client = await app.SignedInClientAsync("anne@example.no");
        var url = DeliveryKit.PageUrl(enrollmentId, 1, questionnairePage: true);
        var ids = new HashSet<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await FormFieldsAsync(client, url)).SubmissionId);
        }
        Assert.Equal(3, ids.Count);
    }

    [Fact]
    public async Task A_therapists_reply_shows_as_unread_on_the_patients_next_page_load()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (_, _, enrollmentId) = await app.Services.CareTeamAsync();
        var patient = await app.SignedInClientAsync("anne@example.no");
        var url = DeliveryKit.PageUrl(enrollmentId, 1);
        for (var i = 0; i < 3; i++)
        {
            Assert.DoesNotContain("1 ulest", await patient.GetStringAsync(url));
        }

        var therapist = await app.SignedInClientAsync("tone@example.no");
        var token = await therapist.AntiforgeryTokenAsync("/staff/enrol");
        using var send = new HttpRequestMessage(HttpMethod.Post, $"/api/messages/{enrollmentId}")
        {
            Content = JsonContent.Create(new { body = "Hei Anne, fint arbeid!", clientId = Guid.NewGuid() }),
        };
        send.Headers.Add("RequestVerificationToken", token);
        var sent = await therapist.SendAsync(send);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);

        Assert.Matches(UnreadBadge(), await patient.GetStringAsync(url));
    }

    [GeneratedRegex("class=\"badge\"[^>]*>1<")]
    private static partial Regex UnreadBadge();
}
