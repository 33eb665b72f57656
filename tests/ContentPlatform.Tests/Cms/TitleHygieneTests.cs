using System.Net;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Tests.Infrastructure;

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
}
