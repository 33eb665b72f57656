using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContentPlatform.Delivery;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Tests.Delivery;

/// <summary>
/// Autosave requests can arrive out of order (a slow request overtaken by a newer one). The page script numbers every
/// save per field; these drive the real endpoint with numbers out of order and check that older text never wins.
/// </summary>
public sealed class AutosaveOrderTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_older_autosave_that_lands_after_a_newer_one_is_refused_and_the_newer_text_kept(Db db)
    {
        var (app, client, enrollmentId, token) = await SignedInPatientAsync(db);
        await using var _ = app;

        var newer = await SaveAsync(client, enrollmentId, token, "Jobbmøtet på mandag, og toget var seint.", sequence: 2);
        var older = await SaveAsync(client, enrollmentId, token, "Jobbmøtet på", sequence: 1);

        Assert.Equal(HttpStatusCode.OK, newer.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, older.StatusCode);
        var problem = await older.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, problem.GetProperty("sequences").GetProperty("text").GetInt64());
        Assert.Contains("Nyere tekst er allerede lagret", problem.GetProperty("detail").GetString());
        var answer = Assert.Single(await PatientPages.QueryAsync(app, d => d.Answers.ToListAsync()));
        Assert.Equal("Jobbmøtet på mandag, og toget var seint.", answer.Value);
        Assert.Equal(2, answer.Sequence);
        Assert.Contains("data-seq=\"{&quot;" + SamplePrograms.ExerciseId(1) + "&quot;:{&quot;text&quot;:2}}\"",
            await client.GetStringAsync(DeliveryKit.PageUrl(enrollmentId, 1)));
    }

    [Fact]
    public async Task A_resent_autosave_with_the_same_number_and_text_is_accepted_but_other_text_with_that_number_is_not()
    {
        var (app, client, enrollmentId, token) = await SignedInPatientAsync(Db.Sqlite);
        await using var _ = app;

        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(client, enrollmentId, token, "Første", sequence: 1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(client, enrollmentId, token, "Første", sequence: 1)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await SaveAsync(client, enrollmentId, token, "Annen fane", sequence: 1)).StatusCode);
        Assert.Equal("Første", Assert.Single(await PatientPages.QueryAsync(app, d => d.Answers.ToListAsync())).Value);
    }

    [Fact]
    public async Task A_form_posted_without_numbers_wins_over_an_autosave_the_page_sent_before_it()
    {
        var (app, client, enrollmentId, token) = await SignedInPatientAsync(Db.Sqlite);
        await using var _ = app;
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(client, enrollmentId, token, "Utkast", sequence: 1)).StatusCode);

        var url = DeliveryKit.PageUrl(enrollmentId, 1);
        var posted = await client.PostFormAsync(url + "?handler=Answer", ("__RequestVerificationToken", token),
            ("blockId", SamplePrograms.ExerciseId(1)), ("release", "1"), ("f.text", "Ferdig svar"));
        var late = await SaveAsync(client, enrollmentId, token, "Utkast og litt til", sequence: 2);

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("Ferdig svar", Assert.Single(await PatientPages.QueryAsync(app, d => d.Answers.ToListAsync())).Value);
    }

    private static async Task<(AppFactory<DeliveryApp> App, HttpClient Client, Guid EnrollmentId, string Token)> SignedInPatientAsync(Db db)
    {
        var app = await Apps.DeliveryAsync(db);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (_, enrollmentId) = await app.Services.EnrolledPatientAsync("anne@example.no");
        var client = await app.SignedInClientAsync("anne@example.no");
        var token = await PatientPages.PageTokenAsync(client, DeliveryKit.PageUrl(enrollmentId, 1));
        return (app, client, enrollmentId, token);
    }

    private static Task<HttpResponseMessage> SaveAsync(HttpClient client, Guid enrollmentId, string token, string text, long sequence)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/my/enrollments/{enrollmentId}/answers")
        {
            Content = JsonContent.Create(new
            {
                blockId = SamplePrograms.ExerciseId(1), release = 1,
                fields = new Dictionary<string, string> { ["text"] = text },
                sequences = new Dictionary<string, long> { ["text"] = sequence },
            }),
        };
        request.Headers.Add("RequestVerificationToken", token);
        return client.SendAsync(request);
    }
}
