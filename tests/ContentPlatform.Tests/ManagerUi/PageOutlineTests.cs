using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Pages.Programs;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.ManagerUi;

/// <summary>The page editor's outline: a link to each block with its type and first words, and blocks that can fold.</summary>
public sealed class PageOutlineTests
{
    [Fact]
    public async Task The_page_editor_has_an_outline_linking_each_block_with_its_first_words_and_a_fold_button_per_block()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var key = await StaffAccounts.CreateAsync(app.Services, "eli@example.no", "Eli", "correct horse battery", enrol: true, StaffRoles.Editor);
        var client = app.CreateClient();
        await StaffAccounts.SignInAsync(client, "eli@example.no", "correct horse battery", key!);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nn");
        await ManagerSamples.CreateAsync(app.Services, ManagerSamples.Valid("calm"), "eli@example.no");

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync("/programs/calm/pages/calm-p1"));

        var outline = page.QuerySelector("nav.outline")!;
        Assert.Equal("Innhald på sida", outline.QuerySelector("h2")!.TextContent);
        Assert.Equal(["#block-calm-b1", "#block-calm-b2", "#block-calm-b3"], outline.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
        Assert.Equal("Pust inn gjennom nesen.", outline.QuerySelector("a .gist")!.TextContent);
        foreach (var id in new[] { "calm-b1", "calm-b2", "calm-b3" })
        {
            var block = page.GetElementById($"block-{id}")!;
            Assert.Equal($"block-{id}-body", block.QuerySelector("button[data-fold]")!.GetAttribute("aria-controls"));
            // The fields (and so what a save sends) are inside the part that folds.
            Assert.NotNull(block.QuerySelector($"#block-{id}-body input[name$='.id'][value='{id}']"));
        }
    }

    [Fact]
    public void A_blocks_first_words_are_plain_text_from_its_first_text_field_a_heading_set_apart_cut_after_eight_words()
    {
        var block = JsonNode.Parse("""
            {"id": "b1", "kind": "reflection", "markdown": {"nb": "## Om pust\n\nPust **inn** i [fire](https://example.no) sekunder, hold og pust ut igjen.", "nn": "Om pust"}}
            """)!.AsObject();

        Assert.Equal("Om pust – Pust inn i fire sekunder, hold …", BlockGist.Of(block, "nb"));
        Assert.Equal("Om pust", BlockGist.Of(block, "nn"));
        Assert.Equal("Om pust – Pust inn i fire sekunder, hold …", BlockGist.Of(block, "en")); // no text in that language: any other
        Assert.Equal("", BlockGist.Of(JsonNode.Parse("""{"id": "b3", "ref": "weekly"}""")!.AsObject(), "nb"));
    }
}
