using AngleSharp.Html.Parser;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.ManagerUi;

public sealed partial class ManagerUiTests
{
    /// <summary>
    /// The tree's "Slett" link of a page opens its confirmation (it once answered 404: the query parameter was named
    /// "page", which Razor Pages reserves for the page path), and confirming removes that page and nothing else.
    /// </summary>
    [Fact]
    public async Task An_editor_deletes_a_page_from_the_tree_after_confirming_and_the_rest_of_the_module_stays()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var client = await SignedInAsync(app, "eli@example.no", StaffRoles.Editor);
        var sample = ManagerSamples.Valid("calm");
        var module = sample.Modules[0] with
        {
            Pages = [.. sample.Modules[0].Pages, new PageContent { Id = "calm-p2", Title = LocalizedText.Of("Neste side", "Neste side") }],
        };
        var program = sample with { Modules = [module] };
        await ManagerSamples.CreateAsync(app.Services, program, "eli@example.no");

        var tree = new HtmlParser().ParseDocument(await client.GetStringAsync("/programs/calm"));
        var link = tree.QuerySelectorAll("a.danger").Select(a => a.GetAttribute("href")!).Single(h => h.Contains("calm-p2"));
        var confirmation = await client.GetAsync(System.Net.WebUtility.HtmlDecode(link));
        Assert.True(confirmation.IsSuccessStatusCode, $"{link}: {confirmation.StatusCode}");
        var html = await confirmation.Content.ReadAsStringAsync();
        Assert.Contains("Neste side", html);

        var form = BrowserForm.Parse(html, "main form[method=post]");
        var deleted = await client.PostAsync(confirmation.RequestMessage!.RequestUri, form.Content());
        Assert.True(deleted.IsSuccessStatusCode, $"{deleted.StatusCode}");

        await using var scope = app.Services.CreateAsyncScope();
        var draft = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Programs.AsNoTracking().SingleAsync(p => p.Id == "calm");
        Assert.Equal(["calm-p1"], ProgramContent.FromJson(draft.DocumentJson).Modules[0].Pages.Select(p => p.Id));
    }
}
