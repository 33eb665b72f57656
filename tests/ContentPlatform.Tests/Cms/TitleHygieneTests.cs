using System.Net;
using ContentPlatform.Cms;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Cms;

/// <summary>Program, module and page titles go through the one text rule (TextInput).</summary>
public sealed class TitleHygieneTests
{
    [Fact]
    public async Task A_program_or_module_title_of_only_zero_width_characters_is_refused_with_a_localized_reason()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var client = await app.SignedInAsync("eli@example.no", StaffRoles.Editor);
        var token = await client.AntiforgeryTokenAsync("/programs");

        var refused = await client.PostFormAsync("/programs", ("titleNb", "\u200B\u2060 \uFEFF"), ("titleNn", "Ro"), ("slug", "ro"),
            ("kind", "guided"), ("__RequestVerificationToken", token));
        Assert.Contains("Skriv tittelen på både bokmål og nynorsk.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/programs/ro")).StatusCode);

        var created = await client.PostFormAsync("/programs", ("titleNb", "Ro\u202E og kvile"), ("titleNn", "\u2066Ro\u2069"), ("slug", "ro"),
            ("kind", "guided"), ("__RequestVerificationToken", await client.AntiforgeryTokenAsync("/programs")));
        Assert.True(created.StatusCode == HttpStatusCode.Redirect, await created.Content.ReadAsStringAsync());
        var tree = await client.GetStringAsync("/programs/ro");
        Assert.Contains("Ro og kvile", tree);
        Assert.DoesNotContain("&#x202E;", tree, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("&#x2066;", tree, StringComparison.OrdinalIgnoreCase);

        var module = await client.PostFormAsync("/programs/ro", ("op", "add-module"), ("version", "1"), ("title.nb", "\u200B"),
            ("title.nn", "\u200D "), ("__RequestVerificationToken", await client.AntiforgeryTokenAsync("/programs/ro")));
        Assert.Contains("Skriv en tittel.", WebUtility.HtmlDecode(await module.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Renaming_a_page_or_a_questionnaire_to_only_whitespace_and_zero_width_characters_is_refused_with_a_localized_reason_and_changes_nothing()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        await ManagerSamples.CreateAsync(app.Services, ManagerSamples.Valid("ro"), "eli");
        var client = await app.SignedInAsync("eli@example.no", StaffRoles.Editor);
        var before = await DocumentAsync(app, "ro");

        const string editor = "/programs/ro/pages/ro-p1";
        var page = await client.PostFormAsync(editor, ("op", "save"), ("version", "1"), ("title.nb", "\u200B \u2060"), ("title.nn", "\uFEFF\u00A0"),
            ("__RequestVerificationToken", await client.AntiforgeryTokenAsync(editor)));
        Assert.Contains("Skriv en tittel.", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));

        var tree = await client.PostFormAsync("/programs/ro", ("op", "rename-page"), ("page", "ro-p1"), ("version", "1"),
            ("title.nb", "\u200D"), ("title.nn", " \u200C "), ("__RequestVerificationToken", await client.AntiforgeryTokenAsync("/programs/ro")));
        Assert.Contains("Skriv en tittel.", WebUtility.HtmlDecode(await tree.Content.ReadAsStringAsync()));

        const string questionnaire = "/programs/ro/questionnaires/ro-q";
        var renamed = await client.PostFormAsync(questionnaire, ("version", "1"), ("q.title.nb", "\u200B"), ("q.title.nn", "\u2060 "),
            ("__RequestVerificationToken", await client.AntiforgeryTokenAsync(questionnaire)));
        Assert.Contains("Skriv en tittel.", WebUtility.HtmlDecode(await renamed.Content.ReadAsStringAsync()));

        Assert.Equal(before, await DocumentAsync(app, "ro"));
    }

    private static async Task<(string Json, int Version)> DocumentAsync(AppFactory<CmsApp> app, string id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var draft = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Programs.AsNoTracking().SingleAsync(p => p.Id == id);
        return (draft.DocumentJson, draft.Version);
    }
}
