using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Programs;
using ContentPlatform.E2E.Infrastructure;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContentPlatform.E2E.Journeys;

/// <summary>
/// A reviewer reads what changed since the release as a text: inserted and removed words marked inside the block, each
/// change under its place (module › page › block › language) rather than ids, and the status saying it changed after
/// publishing — in Bokmål and Nynorsk, axe-checked.
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class ReviewDiffJourneyTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("nb")]
    [InlineData("nn")]
    public async Task A_reviewer_sees_the_changed_words_inside_a_block_under_its_human_path(string culture)
    {
        string T(string nb, string nn) => culture == "nn" ? nn : nb;
        var id = $"ordvis-{culture}";
        var email = $"rune.words.{culture}@example.no";
        var key = await platform.CreateStaffAsync(email, "Rune", StaffRoles.Reviewer);
        await PublishThenEditAsync(id);

        await using var reviewer = await Journey.StartAsync(platform.Browser, "review-diff", culture);
        await reviewer.RunAsync(async j =>
        {
            await CmsSteps.SignInAsync(j, platform.CmsUrl, email, key);
            await j.GotoAsync(new Uri(platform.CmsUrl, "/programs"));
            await Expect(j.Page.Locator($"tr:has(a[href='/programs/{id}']) td.status"))
                .ToHaveTextAsync(T("Endret etter publisering", "Endra etter publisering"));

            await j.GotoAsync(new Uri(platform.CmsUrl, $"/programs/{id}/review"));
            await Expect(j.Page.Locator("#program-status")).ToHaveTextAsync(T("Endret etter publisering", "Endra etter publisering"));
            var nn = j.Page.Locator($"#diff tr[data-key='block:{id}-b1:markdown'][data-language='nn']");
            await Expect(nn.Locator("td.where")).ToHaveTextAsync(T("Første modul › Om pust › Blokk 1: Tekst › Tekst › nynorsk",
                "Første modul › Om pust › Blokk 1: Tekst › Tekst › nynorsk"));
            // What a screen reader says for the cell: each marked word with what happened to it.
            await Expect(nn.GetByRole(AriaRole.Cell, new() { Exact = true, Name = T(
                "Pust lagt til: roleg inn gjennom slettet: nasen lagt til: nasa.",
                "Pust lagt til: roleg inn gjennom sletta: nasen lagt til: nasa.") })).ToBeVisibleAsync();
            await Expect(nn.Locator("ins")).ToHaveTextAsync([T("lagt til: roleg ", "lagt til: roleg "), T("lagt til: nasa", "lagt til: nasa")]);
            await Expect(nn.Locator("del")).ToHaveTextAsync(T("slettet: nasen", "sletta: nasen"));

            var nb = j.Page.Locator($"#diff tr[data-key='block:{id}-b1:markdown'][data-language='nb']");
            await Expect(nb.Locator("td.where")).ToContainTextAsync("Første modul › Om pust › Blokk 1: Tekst");
            await Expect(nb.Locator("ins")).ToHaveTextAsync("lagt til: rolig ");
            await Expect(nb.Locator("del")).ToHaveCountAsync(0);
            await Expect(j.Page.Locator("#diff")).Not.ToContainTextAsync($"{id}-b1");
            await j.ScreenshotAsync($"review-diff-{culture}");
            await j.CheckAccessibilityAsync();
        });
    }

    /// <summary>Release 1 of the sample, then an edit of its first text in both languages.</summary>
    private async Task PublishThenEditAsync(string id)
    {
        var program = ManagerSamples.Valid(id);
        await ManagerSamples.CreateAsync(platform.Cms.Services, program, "eli", submit: true);
        await using var scope = platform.Cms.Services.CreateAsyncScope();
        var workflow = scope.ServiceProvider.GetRequiredService<ProgramWorkflow>();
        Assert.Null(await workflow.ApproveAsync(id, null, "kari"));
        Assert.Null((await workflow.PublishAsync(id, "kari")).Error);
        var page = program.Modules[0].Pages[0];
        var edited = program with
        {
            Modules =
            [
                program.Modules[0] with
                {
                    Pages =
                    [
                        page with
                        {
                            Blocks =
                            [
                                new TextBlock { Id = $"{id}-b1", Markdown = LocalizedText.Of("Pust rolig inn gjennom nesen.", "Pust roleg inn gjennom nasa.") },
                                .. page.Blocks.Skip(1),
                            ],
                        },
                    ],
                },
            ],
        };
        var (_, error) = await workflow.SaveAsync(id, edited, null, "eli", "saved");
        Assert.Null(error);
    }
}
