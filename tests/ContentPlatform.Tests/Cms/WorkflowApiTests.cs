using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.Cms;

/// <summary>The draft → review → approved → published path through the management API, with its role checks.</summary>
public sealed class WorkflowApiTests
{
    private const string Api = "/api/v1/manage/programs";

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_program_goes_from_draft_through_review_to_a_numbered_release(Db db)
    {
        await using var app = await Apps.CmsAsync(db);
        var editor = await app.SignedInAsync("eli@example.no", StaffRoles.Editor);
        var reviewer = await app.SignedInAsync("rune@example.no", StaffRoles.Reviewer);
        var program = SamplePrograms.Draft();

        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync(Api, program, ContractJson.Options)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await editor.PostAsync($"{Api}/test-uro/submit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await reviewer.PostAsJsonAsync($"{Api}/test-uro/approve", new { comment = "Fagleg godkjent" })).StatusCode);
        var published = await reviewer.PostAsJsonAsync($"{Api}/test-uro/publish", new { });
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal(1, JsonDocument.Parse(await published.Content.ReadAsStringAsync()).RootElement.GetProperty("release").GetInt32());
    }

    [Fact]
    public async Task An_editor_cannot_approve_even_by_calling_the_endpoint()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var editor = await app.SignedInAsync("eli@example.no", StaffRoles.Editor);
        await editor.PostAsJsonAsync(Api, SamplePrograms.Draft(), ContractJson.Options);
        await editor.PostAsync($"{Api}/test-uro/submit", null);

        var response = await editor.PostAsJsonAsync($"{Api}/test-uro/approve", new { comment = "ok" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var state = JsonDocument.Parse(await editor.GetStringAsync($"{Api}/test-uro")).RootElement.GetProperty("state").GetString();
        Assert.Equal("InReview", state);
    }

    [Fact]
    public async Task A_reviewer_cannot_edit_and_nobody_signed_out_can_read_drafts()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var reviewer = await app.SignedInAsync("rune@example.no", StaffRoles.Reviewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.PostAsJsonAsync(Api, SamplePrograms.Draft(), ContractJson.Options)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(Api)).StatusCode);
    }

    [Fact]
    public async Task Sending_back_requires_a_comment_and_the_editor_sees_it()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var editor = await app.SignedInAsync("eli@example.no", StaffRoles.Editor);
        var reviewer = await app.SignedInAsync("rune@example.no", StaffRoles.Reviewer);
        await editor.PostAsJsonAsync(Api, SamplePrograms.Draft(), ContractJson.Options);
        await editor.PostAsync($"{Api}/test-uro/submit", null);

        var empty = await reviewer.PostAsJsonAsync($"{Api}/test-uro/send-back", new { comment = " " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("comment-required", await empty.Content.ReadAsStringAsync());

        await reviewer.PostAsJsonAsync($"{Api}/test-uro/send-back", new { comment = "Skriv enklare i modul 2." });
        var doc = JsonDocument.Parse(await editor.GetStringAsync($"{Api}/test-uro")).RootElement;
        Assert.Equal("Draft", doc.GetProperty("state").GetString());
        Assert.Equal("Skriv enklare i modul 2.", doc.GetProperty("reviewComment").GetString());
    }

    [Fact]
    public async Task Publishing_needs_approval_and_an_edit_after_approval_needs_a_new_review()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var admin = await app.SignedInAsync("ada@example.no", StaffRoles.Admin);
        var reviewer = await app.SignedInAsync("rune@example.no", StaffRoles.Reviewer); // four eyes: not the author
        var program = SamplePrograms.Draft();
        await admin.PostAsJsonAsync(Api, program, ContractJson.Options);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync($"{Api}/test-uro/publish", new { })).StatusCode);

        await admin.PostAsync($"{Api}/test-uro/submit", null);
        Assert.Equal(HttpStatusCode.NoContent, (await reviewer.PostAsJsonAsync($"{Api}/test-uro/approve", new { })).StatusCode);
        var changed = program with { Title = SamplePrograms.T("Ny tittel", "Ny tittel") };
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"{Api}/test-uro", changed, ContractJson.Options)).StatusCode);

        var publish = await admin.PostAsJsonAsync($"{Api}/test-uro/publish", new { });
        Assert.Equal(HttpStatusCode.Conflict, publish.StatusCode);
        Assert.Contains("not-approved", await publish.Content.ReadAsStringAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_save_based_on_an_old_version_is_refused_and_changes_nothing(Db db)
    {
        await using var app = await Apps.CmsAsync(db);
        var editor = await app.SignedInAsync("eli@example.no", StaffRoles.Editor);
        var program = SamplePrograms.Draft();
        await editor.PostAsJsonAsync(Api, program, ContractJson.Options);

        var first = new HttpRequestMessage(HttpMethod.Put, $"{Api}/test-uro") { Content = JsonContent.Create(program with { Title = SamplePrograms.T("A", "A") }, options: ContractJson.Options) };
        first.Headers.IfMatch.ParseAdd("\"1\"");
        Assert.Equal(HttpStatusCode.OK, (await editor.SendAsync(first)).StatusCode);

        var stale = new HttpRequestMessage(HttpMethod.Put, $"{Api}/test-uro") { Content = JsonContent.Create(program with { Title = SamplePrograms.T("B", "B") }, options: ContractJson.Options) };
        stale.Headers.IfMatch.ParseAdd("\"1\"");
        var response = await editor.SendAsync(stale);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var doc = JsonDocument.Parse(await editor.GetStringAsync($"{Api}/test-uro")).RootElement;
        Assert.Equal("A", doc.GetProperty("content").GetProperty("title").GetProperty("nb").GetString());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Every_save_keeps_a_revision_and_an_old_one_can_be_restored_with_a_diff(Db db)
    {
        await using var app = await Apps.CmsAsync(db);
        var editor = await app.SignedInAsync("eli@example.no", StaffRoles.Editor);
        var program = SamplePrograms.Draft();
        await editor.PostAsJsonAsync(Api, program, ContractJson.Options);
        await editor.PutAsJsonAsync($"{Api}/test-uro", program with { Title = SamplePrograms.T("Endra", "Endra") }, ContractJson.Options);

        var revisions = JsonDocument.Parse(await editor.GetStringAsync($"{Api}/test-uro/revisions")).RootElement;
        Assert.Equal(2, revisions.GetArrayLength());
        Assert.Equal("eli@example.no", revisions[0].GetProperty("author").GetString());

        var diff = JsonDocument.Parse(await editor.GetStringAsync($"{Api}/test-uro/diff?from=1&to=2")).RootElement;
        Assert.Contains(diff.EnumerateArray(), d => d.GetProperty("key").GetString() == "program:title" && d.GetProperty("after").GetString() == "Endra");

        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsync($"{Api}/test-uro/revisions/1/restore", null)).StatusCode);
        var doc = JsonDocument.Parse(await editor.GetStringAsync($"{Api}/test-uro")).RootElement;
        Assert.Equal("Mestring av uro", doc.GetProperty("content").GetProperty("title").GetProperty("nb").GetString());
        Assert.Equal(3, doc.GetProperty("latestRevision").GetInt32());
    }

    [Fact]
    public async Task A_duplicate_slug_is_refused()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var editor = await app.SignedInAsync("eli@example.no", StaffRoles.Editor);
        await editor.PostAsJsonAsync(Api, SamplePrograms.Draft("a", "same-slug"), ContractJson.Options);
        var response = await editor.PostAsJsonAsync(Api, SamplePrograms.Draft("b", "same-slug"), ContractJson.Options);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("duplicate-slug", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Cross_site_writes_are_refused()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var editor = await app.SignedInAsync("eli@example.no", StaffRoles.Editor);
        var request = new HttpRequestMessage(HttpMethod.Post, Api) { Content = JsonContent.Create(SamplePrograms.Draft(), options: ContractJson.Options) };
        request.Headers.Add("Origin", "https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.SendAsync(request)).StatusCode);
    }
}
