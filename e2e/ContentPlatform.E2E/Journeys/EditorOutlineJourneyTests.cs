using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Identity;
using ContentPlatform.E2E.Infrastructure;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContentPlatform.E2E.Journeys;

/// <summary>
/// The page editor's outline and folded blocks, by keyboard only: fold every block, follow the outline to one, and edit
/// it; the change is autosaved as before.
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class EditorOutlineJourneyTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("nb")]
    [InlineData("nn")]
    public async Task An_editor_folds_the_blocks_follows_the_outline_to_one_by_keyboard_and_its_edit_is_autosaved(string culture)
    {
        var nn = culture == "nn";
        var id = $"outline-{culture}";
        var key = await platform.CreateStaffAsync($"eli.outline.{culture}@example.no", "Eli", StaffRoles.Editor);
        await ManagerSamples.CreateAsync(platform.Cms.Services, ManagerSamples.Valid(id), "eli");
        await using var journey = await Journey.StartAsync(platform.Browser, "editor-outline", culture);
        await journey.RunAsync(async j =>
        {
            var page = j.Page;
            await CmsSteps.SignInAsync(j, platform.CmsUrl, $"eli.outline.{culture}@example.no", key);
            await j.GotoAsync(new Uri(platform.CmsUrl, $"/programs/{id}/pages/{id}-p1"));
            var outline = page.GetByRole(AriaRole.Navigation, new() { Name = nn ? "Innhald på sida" : "Innhold på siden" });
            await Expect(outline.GetByRole(AriaRole.Link)).ToHaveCountAsync(3);
            // The first words come from the program's source language (nb here), whatever the editor's own language.
            await Expect(outline.GetByRole(AriaRole.Link).First).ToContainTextAsync("Pust inn gjennom nesen.");
            // …and say so, so a screen reader reads Bokmål words as Bokmål in a Nynorsk editor (and in the folded blocks).
            await Expect(outline.Locator(".gist").First).ToHaveAttributeAsync("lang", "nb");
            await Expect(page.Locator(".block-gist").First).ToHaveAttributeAsync("lang", "nb");
            // Each Markdown editor (EasyMDE's CodeMirror, which replaces the marked-up textarea) says its field's language.
            var editorLangs = await page.EvaluateAsync<string[]>(@"() => [...document.querySelectorAll('textarea.markdown')].map(t =>
                t.lang + ':' + ((t.closest('.EasyMDEContainer') ?? t.parentElement).querySelector('.CodeMirror')?.getAttribute('lang') ?? 'none'))");
            Assert.Contains("nn:nn", editorLangs);
            Assert.All(editorLangs, pair => Assert.Equal(pair.Split(':')[0], pair.Split(':')[1]));

            // Fold every block with the keyboard: each shrinks to its heading and first words.
            var foldAll = outline.GetByRole(AriaRole.Button, new() { Name = nn ? "Fald saman alle blokkene" : "Fold sammen alle blokker" });
            await foldAll.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(foldAll).ToHaveAttributeAsync("aria-pressed", "true");
            for (var block = 1; block <= 3; block++)
            {
                await Expect(page.Locator($"#block-{id}-b{block}-body")).ToBeHiddenAsync();
            }
            var exercise = page.Locator($"#block-{id}-b2");
            await Expect(exercise.Locator(".block-gist")).ToHaveTextAsync("Øvelse");
            await Expect(exercise.GetByRole(AriaRole.Button, new() { Name = nn ? "Vis felta" : "Vis feltene" })).ToHaveAttributeAsync("aria-expanded", "false");
            await j.CheckAccessibilityAsync();

            // The outline's second link, reached with Tab from the first, opens the folded exercise.
            await outline.GetByRole(AriaRole.Link).First.FocusAsync();
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator($"#block-{id}-b2-body")).ToBeVisibleAsync();
            await Expect(page.Locator($"#block-{id}-b1-body")).ToBeHiddenAsync();

            // An edit in the opened block is autosaved, as without folding.
            var title = page.Locator($"#f-{id}-b2-title-nb");
            await title.FillAsync("Pust med magen");
            // "Lagra", not "Lagrar …" (saving), which begins the same way in nynorsk.
            await Expect(page.Locator("#autosave-status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(nn ? "^Lagra(?!r)" : "^Lagret"));
            Assert.Contains("Pust med magen", await StoredDraftAsync(id));
            await j.CheckAccessibilityAsync();

            // On a phone the editor is one column no wider than the screen (the outline's one-line gists once widened it).
            await page.SetViewportSizeAsync(Journey.Phone390.Width, Journey.Phone390.Height);
            var (scroll, inner) = (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("() => innerWidth"));
            Assert.True(scroll <= inner, $"the page editor is {scroll} px wide on a {inner} px screen");

            // So is the Cms's security page, whose sign-in sessions become cards (the table was 449 px wide).
            await j.GotoAsync(new Uri(platform.CmsUrl, "/account/security"));
            await j.CheckAccessibilityAsync();
            (scroll, inner) = (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("() => innerWidth"));
            Assert.True(scroll <= inner, $"the security page is {scroll} px wide on a {inner} px screen");
        });
    }

    private async Task<string> StoredDraftAsync(string id)
    {
        await using var scope = platform.Cms.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        return await db.Programs.Where(p => p.Id == id).Select(p => p.DocumentJson).SingleAsync();
    }
}
