using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContentPlatform.Delivery.Feedback;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static ContentPlatform.Tests.Infrastructure.PatientPages;

namespace ContentPlatform.Tests.Feedback;

/// <summary>"Var denne sida nyttig?" at the foot of each page: one answer per patient, page and release; bad input stores nothing.</summary>
public sealed class PageFeedbackTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_patient_has_one_answer_per_page_and_release_and_answering_again_replaces_it(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (_, enrollment) = await app.Services.EnrolledPatientAsync("anne@example.no");
        var anne = await app.SignedInClientAsync("anne@example.no");
        var url = DeliveryKit.PageUrl(enrollment, 1);
        var token = await PageTokenAsync(anne, url);

        // With JavaScript: the feedback API.
        var first = await SendAsync(anne, enrollment, token, useful: true, comment: "  Fin side <b>takk</b>  ");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        // Without JavaScript: the form at the foot of the page, answering again.
        var form = await anne.PostFormAsync($"{url}?handler=Feedback", ("__RequestVerificationToken", token), ("useful", "false"), ("comment", ""));
        Assert.Equal(HttpStatusCode.Redirect, form.StatusCode);

        var rows = await QueryAsync(app, d => d.PageFeedback.AsNoTracking().ToListAsync());
        var row = Assert.Single(rows);
        Assert.False(row.Useful);
        Assert.Null(row.Comment);
        Assert.Equal(1, row.Release);

        // The page shows the answer back, and a comment as plain text (encoded, never HTML).
        await SendAsync(anne, enrollment, token, useful: true, comment: "Fin side <b>takk</b>");
        var html = await (await anne.GetAsync(url)).Content.ReadAsStringAsync();
        Assert.Contains("Var denne siden nyttig?", html);
        Assert.Contains("Fin side &lt;b&gt;takk&lt;/b&gt;", html);
        Assert.DoesNotContain("<b>takk</b>", html);

        // A new release is a new question: the answer to release 1 stays, a second row is written for release 2.
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 2);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(anne, enrollment, token, useful: true, comment: null)).StatusCode);
        var releases = await QueryAsync(app, d => d.PageFeedback.AsNoTracking().OrderBy(f => f.Release).Select(f => f.Release).ToListAsync());
        Assert.Equal([1, 2], releases);

        // The patient may remove their answer; it is part of their data download until then.
        Assert.Contains("Fin side", await anne.GetStringAsync("/my-data/download"));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(anne, enrollment, token, useful: null, comment: null, remove: true)).StatusCode);
        Assert.Equal([1], await QueryAsync(app, d => d.PageFeedback.AsNoTracking().Select(f => f.Release).ToListAsync()));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Too_long_a_comment_an_unknown_page_or_no_answer_is_a_localized_400_and_stores_nothing(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (_, enrollment) = await app.Services.EnrolledPatientAsync("anne@example.no");
        var anne = await app.SignedInClientAsync("anne@example.no", "nn");
        var url = DeliveryKit.PageUrl(enrollment, 1);
        var token = await PageTokenAsync(anne, url);
        var tooLong = new string('a', 501);

        var cases = new (HttpResponseMessage Response, string Detail)[]
        {
            (await SendAsync(anne, enrollment, token, true, tooLong), "Kommentaren er for lang: høgst 500 teikn."),
            (await SendAsync(anne, enrollment, token, true, "ok", pageId: "no-such-page"), "Denne sida finst ikkje i programmet ditt."),
            (await SendAsync(anne, enrollment, token, null, "ok"), "Vel ja eller nei."),
        };
        foreach (var (response, detail) in cases)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(detail, problem.RootElement.GetProperty("detail").GetString());
        }
        // Without JavaScript: the page again with the message, the text kept, status 400.
        var form = await anne.PostFormAsync($"{url}?handler=Feedback", ("__RequestVerificationToken", token), ("useful", "true"), ("comment", tooLong));
        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        var html = await form.Content.ReadAsStringAsync();
        Assert.Contains("Kommentaren er for lang", html);
        Assert.Contains(tooLong, html);

        Assert.Equal(0, await QueryAsync(app, d => d.PageFeedback.CountAsync()));
    }

    internal static Task<HttpResponseMessage> SendAsync(HttpClient client, Guid enrollment, string token, bool? useful, string? comment,
        bool remove = false, string? pageId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/my/enrollments/{enrollment}/feedback")
        {
            Content = JsonContent.Create(new PageFeedbackRequest(SamplePrograms.ModuleId(1), pageId ?? SamplePrograms.PageA(1), useful, comment, remove)),
        };
        request.Headers.Add("RequestVerificationToken", token);
        return client.SendAsync(request);
    }
}
