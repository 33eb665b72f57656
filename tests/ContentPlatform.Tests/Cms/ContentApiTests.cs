using System.Net.Http.Json;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Tests.Infrastructure;
using static ContentPlatform.Tests.Infrastructure.CmsPublishing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Cms;

public sealed class ContentApiTests
{
    private static HttpClient Client(AppFactory<ContentPlatform.Cms.CmsApp> app)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", Key);
        return client;
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_latest_release_is_served_with_a_strong_etag_and_revalidates_to_304(Db db)
    {
        await using var app = await Apps.CmsAsync(db, ApiKeySettings);
        await PublishAsync(app.Services, SamplePrograms.Draft());
        var client = Client(app);

        var response = await client.GetAsync("/api/v1/programs/test-uro");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var etag = response.Headers.ETag!;
        Assert.False(etag.IsWeak);
        var release = JsonSerializer.Deserialize<ProgramRelease>(await response.Content.ReadAsStringAsync(), ContractJson.Options)!;
        Assert.Equal(1, release.Number);
        Assert.Equal("rune", release.Approval!.ApprovedBy);
        Assert.Equal(ProgramRelease.HashOf(release.Content), release.ContentHash);
        Assert.Equal("m1-diary", release.Content.Modules[0].Pages[0].Blocks[1].Id);

        var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/programs/test-uro");
        again.Headers.IfNoneMatch.Add(etag);
        var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_new_release_changes_the_latest_etag_and_old_releases_stay_immutable(Db db)
    {
        await using var app = await Apps.CmsAsync(db, ApiKeySettings);
        var program = SamplePrograms.Draft();
        await PublishAsync(app.Services, program);
        var client = Client(app);
        var first = (await client.GetAsync("/api/v1/programs/test-uro")).Headers.ETag!.Tag;
        var release1 = await client.GetByteArrayAsync("/api/v1/programs/test-uro/releases/1");
        var stored1 = await StoredReleaseAsync(app.Services, 1);
        Assert.Equal(release1, Encoding.UTF8.GetBytes(stored1.ReleaseJson));

        await PublishAsync(app.Services, program with { Title = SamplePrograms.T("Ny", "Ny") }, create: false);

        var latest = await client.GetAsync("/api/v1/programs/test-uro");
        Assert.NotEqual(first, latest.Headers.ETag!.Tag);
        Assert.Contains("\"number\":2", await latest.Content.ReadAsStringAsync());
        // The stored row itself, read from the database (the content API would answer from its in-process cache and
        // never see a rewritten row): every column is as it was when release 1 was published.
        Assert.Equal(stored1, await StoredReleaseAsync(app.Services, 1));
        var old = await client.GetAsync("/api/v1/programs/test-uro/releases/1");
        Assert.Equal(release1, await old.Content.ReadAsByteArrayAsync());
        Assert.Contains("immutable", old.Headers.CacheControl!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/programs/test-uro/releases/3")).StatusCode);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_database_refuses_to_change_or_delete_a_published_release(Db db)
    {
        await using var app = await Apps.CmsAsync(db, ApiKeySettings);
        await PublishAsync(app.Services, SamplePrograms.Draft());
        var stored = await StoredReleaseAsync(app.Services, 1);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var releases = scope.ServiceProvider.GetRequiredService<CmsDbContext>().Releases;
            var update = await Record.ExceptionAsync(() => releases.Where(r => r.Number == 1)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.ReleaseJson, "{}").SetProperty(r => r.ContentHash, "0")));
            Assert.Contains("append-only", update?.Message + update?.InnerException?.Message);
            var delete = await Record.ExceptionAsync(() => releases.Where(r => r.Number == 1).ExecuteDeleteAsync());
            Assert.Contains("append-only", delete?.Message + delete?.InnerException?.Message);
        }
        Assert.Equal(stored, await StoredReleaseAsync(app.Services, 1));

        // Withdrawal is recorded on the program, so it works and leaves the release row as it was.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<ProgramWorkflow>().WithdrawAsync("test-uro", "ada"));
        }
        Assert.Equal(stored, await StoredReleaseAsync(app.Services, 1));
    }

    /// <summary>A release row as stored, read straight from the database (a fresh context, no tracking, no cache).</summary>
    private static async Task<StoredRow> StoredReleaseAsync(IServiceProvider services, int number)
    {
        await using var scope = services.CreateAsyncScope();
        var r = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Releases.AsNoTracking()
            .SingleAsync(row => row.ProgramId == "test-uro" && row.Number == number);
        return new StoredRow(r.Id, r.Revision, r.ReleaseJson, r.ContentHash, r.PublishedAt, r.PublishedBy, r.ApprovedBy, r.ApprovedAt, r.Authors);
    }

    private sealed record StoredRow(long Id, int Revision, string ReleaseJson, string ContentHash, DateTimeOffset PublishedAt,
        string PublishedBy, string? ApprovedBy, DateTimeOffset? ApprovedAt, string? Authors);

    [Fact]
    public async Task The_catalogue_lists_published_programs_with_titles_and_marks_withdrawn_ones()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite, ApiKeySettings);
        await PublishAsync(app.Services, SamplePrograms.Draft("a"));
        await PublishAsync(app.Services, SamplePrograms.Draft("b"));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var workflow = scope.ServiceProvider.GetRequiredService<ProgramWorkflow>();
            await workflow.CreateAsync(SamplePrograms.Draft("draft-only"), "eli");
            Assert.Null(await workflow.WithdrawAsync("b", "ada"));
        }
        var list = JsonDocument.Parse(await Client(app).GetStringAsync("/api/v1/programs")).RootElement;
        Assert.Equal(["a", "b"], list.EnumerateArray().Select(p => p.GetProperty("slug").GetString()));
        Assert.Equal("Meistring av uro", list[0].GetProperty("title").GetProperty("nn").GetString());
        Assert.True(list[1].GetProperty("withdrawn").GetBoolean());
        // A withdrawn program's releases stay readable for patients already in it.
        Assert.Equal(HttpStatusCode.OK, (await Client(app).GetAsync("/api/v1/programs/b")).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("ApiKey wrong-key-wrong-key-wrong-key-wrong")]
    [InlineData("Bearer test-delivery-key-0123456789abcdef0123")]
    public async Task Without_a_valid_api_key_the_content_api_answers_401(string? authorization)
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite, ApiKeySettings);
        var client = app.CreateClient();
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/programs")).StatusCode);
    }

    [Fact]
    public async Task A_preview_token_reads_the_draft_and_a_forged_one_is_refused()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite, ApiKeySettings);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ProgramWorkflow>().CreateAsync(SamplePrograms.Draft(), "eli");
        }
        var token = app.Services.GetRequiredService<ContentPlatform.Cms.ContentApi.PreviewTokens>().Issue("test-uro");
        var client = Client(app);
        var preview = await client.GetAsync($"/api/v1/preview/test-uro?token={Uri.EscapeDataString(token)}");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal("no-store", preview.Headers.CacheControl?.ToString());
        // Shaped as a release numbered 0, so Delivery renders it with the code that renders published releases.
        var draft = await preview.Content.ReadFromJsonAsync<ProgramRelease>(ContractJson.Options);
        Assert.Equal(0, draft!.Number);
        Assert.Equal("test-uro", draft.Content.Id);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/v1/preview/test-uro?token={Uri.EscapeDataString(token[..^4] + "AAAA")}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/v1/preview/other?token={Uri.EscapeDataString(token)}")).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_both_apis()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite, ApiKeySettings);
        var json = await app.CreateClient().GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/programs/{slug}", json);
        Assert.Contains("/api/v1/manage/programs/{id}/publish", json);
    }
}
