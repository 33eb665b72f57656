using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.ManagerUi;

public sealed partial class ManagerUiTests
{
    private const string Password = "correct horse battery";

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_editor_without_the_reviewer_role_cannot_approve_even_by_posting_the_form_directly(Db db)
    {
        await using var app = await Apps.CmsAsync(db);
        var client = await SignedInAsync(app, "eli@example.no", StaffRoles.Editor);
        await ManagerSamples.CreateAsync(app.Services, ManagerSamples.Valid("calm"), "eli@example.no", submit: true);

        var token = await client.AntiforgeryTokenAsync("/programs/calm/pages/calm-p1");
        foreach (var handler in new[] { "approve", "sendback", "publish", "withdraw" })
        {
            var response = await client.PostFormAsync($"/programs/calm/review?handler={handler}", ("comment", "ok"), ("__RequestVerificationToken", token));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        Assert.Equal(WorkflowState.InReview, await StateAsync(app, "calm"));
    }

    [Fact]
    public async Task A_reviewer_without_the_editor_role_cannot_change_content_by_posting_directly()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var client = await SignedInAsync(app, "rune@example.no", StaffRoles.Reviewer);
        await ManagerSamples.CreateAsync(app.Services, ManagerSamples.Valid("calm"), "eli@example.no");
        var token = await client.AntiforgeryTokenAsync("/programs/calm/pages/calm-p1");
        var response = await client.PostFormAsync("/programs/calm", ("op", "add-module"), ("version", "1"), ("title.nb", "X"), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var submit = await client.PostFormAsync("/programs/calm/review?handler=submit", ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.Forbidden, submit.StatusCode);
    }

    [Fact]
    public async Task Review_and_editor_forms_posted_without_their_antiforgery_token_are_refused()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var client = await SignedInAsync(app, "ada@example.no", StaffRoles.Admin);
        await ManagerSamples.CreateAsync(app.Services, ManagerSamples.Valid("calm"), "ada@example.no", submit: true);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostFormAsync("/programs/calm/review?handler=approve", ("comment", "ok"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostFormAsync("/programs/calm/pages/calm-p1", ("version", "2"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostFormAsync("/programs/preview-markdown", ("markdown", "x"))).StatusCode);
        Assert.Equal(WorkflowState.InReview, await StateAsync(app, "calm"));
    }

    [Fact]
    public async Task Every_manager_page_of_a_program_opens_for_an_admin()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var client = await SignedInAsync(app, "ada@example.no", StaffRoles.Admin);
        await ManagerSamples.CreateAsync(app.Services, ManagerSamples.Valid("calm"), "ada@example.no");
        foreach (var path in new[]
                 {
                     "/", "/programs", "/programs/calm", "/programs/calm/pages/calm-p1", "/programs/calm/review", "/programs/calm/history?from=1",
                     "/programs/calm/questionnaires", "/programs/calm/questionnaires/calm-q?a-i1=2&a-i2=2", "/programs/calm/preview/calm-p1?lang=nn",
                     "/programs/calm/delete?module=calm-m1", "/programs/import", "/admin/users",
                 })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
        }
        var tried = await client.GetStringAsync("/programs/calm/questionnaires/calm-q?a-i1=2&a-i2=2");
        Assert.Contains("id=\"try-total\">4<", tried);
        Assert.Contains("Søvnvansker", tried);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Saving_a_page_against_an_older_version_keeps_the_form_text_and_shows_the_other_save(Db db)
    {
        await using var app = await Apps.CmsAsync(db);
        var client = await SignedInAsync(app, "eli@example.no", StaffRoles.Editor);
        await ManagerSamples.CreateAsync(app.Services, ManagerSamples.Valid("calm"), "eli@example.no");
        var token = await client.AntiforgeryTokenAsync("/programs/calm/pages/calm-p1");
        (string, string)[] Form(string nb, string version) =>
        [
            ("version", version), ("title.nb", "Om pust"), ("title.nn", "Om pust"),
            ("b[0].id", "calm-b1"), ("b[0].type", "text"), ("b[0].markdown.nb", nb), ("b[0].markdown.nn", "Pust inn gjennom nasen."),
            ("b[1].id", "calm-b2"), ("b[1].type", "exercise"), ("b[1].kind", "reflection"), ("b[1].title.nb", "Øvelse"), ("b[1].title.nn", "Øving"),
            ("b[1].prompt.nb", "Skriv hva du merker."), ("b[1].prompt.nn", "Skriv kva du merkar."), ("b[1].min", "0"), ("b[1].max", "10"),
            ("b[2].id", "calm-b3"), ("b[2].type", "questionnaire"), ("b[2].ref", "calm-q"), ("__RequestVerificationToken", token),
        ];
        var first = await client.PostFormAsync("/programs/calm/pages/calm-p1?handler=autosave", Form("First tab's text", "1"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(2, JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetInt32());

        var second = await client.PostFormAsync("/programs/calm/pages/calm-p1?handler=autosave", Form("Second tab's text", "1"));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);

        var page = await client.PostFormAsync("/programs/calm/pages/calm-p1", Form("Second tab's text", "1"));
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("First tab's text", html);   // theirs, shown beside
        Assert.Contains("Second tab's text", html);  // mine, still in the form
        Assert.Contains("name=\"version\" value=\"2\"", html);
    }

    [Fact]
    public async Task The_markdown_preview_uses_the_delivery_pipeline_with_raw_html_disabled()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var client = await SignedInAsync(app, "eli@example.no", StaffRoles.Editor);
        var token = await client.AntiforgeryTokenAsync("/programs");
        var response = await client.PostFormAsync("/programs/preview-markdown", ("markdown", "## Hei\n\n<script>alert(1)</script>"), ("__RequestVerificationToken", token));
        var html = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("html").GetString();
        Assert.Contains("<h2>Hei</h2>", html);
        Assert.DoesNotContain("<script>", html);
    }

    [Fact]
    public async Task Importing_a_package_shows_what_will_be_created_before_anything_is_written()
    {
        // Another trust exports the program…
        await using var source = await Apps.CmsAsync(Db.Sqlite);
        var exporter = await SignedInAsync(source, "ola@example.no", StaffRoles.Editor);
        await ManagerSamples.CreateAsync(source.Services, ManagerSamples.Valid("shared"), "ola@example.no");
        var export = await exporter.GetAsync("/programs/shared/export");
        Assert.Equal("application/zip", export.Content.Headers.ContentType?.MediaType);
        var package = await export.Content.ReadAsByteArrayAsync();

        // …and this one checks it first, then applies it.
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var client = await SignedInAsync(app, "eli@example.no", StaffRoles.Editor);
        var token = await client.AntiforgeryTokenAsync("/programs/import");
        using var upload = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(package), "file", "shared.program.zip" },
        };
        var check = await client.PostAsync("/programs/import?handler=check", upload);
        var html = await check.Content.ReadAsStringAsync();
        Assert.Contains("«shared» opprettes med 1 moduler, 1 sider, 3 blokker og 1 spørreskjema", System.Net.WebUtility.HtmlDecode(html));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.False(await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Programs.AnyAsync(p => p.Id == "shared"));
        }

        var apply = await client.PostAsync("/programs/import?handler=apply", BrowserForm.Parse(html, "form[action*=apply]").Content());
        Assert.EndsWith("/programs/shared", apply.RequestMessage!.RequestUri!.AbsolutePath);

        // The staged upload was removed: applying it again finds nothing and says so.
        var again = await client.PostAsync("/programs/import?handler=apply", BrowserForm.Parse(html, "form[action*=apply]").Content());
        Assert.Contains("Last den opp på nytt", System.Net.WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Another_editor_cannot_apply_a_package_someone_else_uploaded()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var eli = await SignedInAsync(app, "eli@example.no", StaffRoles.Editor);
        var staging = app.Services.GetRequiredService<ContentPlatform.Cms.Transfer.Packages.PackageStaging>();
        var staged = await staging.StageAsync(new MemoryStream("{}"u8.ToArray()), "ola@example.no", CancellationToken.None);
        var token = await eli.AntiforgeryTokenAsync("/programs/import");
        var response = await eli.PostFormAsync("/programs/import?handler=apply", ("staged", staged), ("version", ""), ("__RequestVerificationToken", token));
        Assert.Contains("Last den opp på nytt", System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.NotNull(staging.Find(staged, "ola@example.no")); // still there for its owner
    }

    private static async Task<HttpClient> SignedInAsync(AppFactory<ContentPlatform.Cms.CmsApp> app, string email, string role)
    {
        var key = await StaffAccounts.CreateAsync(app.Services, email, email.Split('@')[0], Password, enrol: true, role);
        var client = app.CreateClient();
        await StaffAccounts.SignInAsync(client, email, Password, key!);
        return client;
    }

    private static async Task<WorkflowState> StateAsync(AppFactory<ContentPlatform.Cms.CmsApp> app, string id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Programs.SingleAsync(p => p.Id == id)).State;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
