using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Contract.Releases;
using ContentPlatform.E2E.Infrastructure;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContentPlatform.E2E.Journeys;

/// <summary>
/// An editor reorganises a program's tree: adds modules, moves one with the keyboard, drags another into place,
/// duplicates and deletes (with confirmation) and renames — every id surviving the moves — then sets the program's reminder
/// defaults and alert limit by keyboard (issue 19); axe on every page.
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class ProgramTreeJourneyTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("nb")]
    [InlineData("nn")]
    public async Task An_editor_reorders_duplicates_deletes_and_renames_modules_by_keyboard_and_by_drag_and_drop(string culture)
    {
        var id = $"tre-{culture}";
        var email = $"eli.tree.{culture}@example.no";
        var key = await platform.CreateStaffAsync(email, "Eli", StaffRoles.Editor);
        // Guided, so the caseload and alert settings are on the page too (a course has no therapist).
        await ManagerSamples.CreateAsync(platform.Cms.Services, ManagerSamples.Valid(id) with { Kind = ProgramKind.Guided }, email);
        var titles = "ol[data-reorder=modules] > li .tree-title";

        // Tall enough that source and drop target are on screen together, as a person dragging would have them.
        await using var editor = await Journey.StartAsync(platform.Browser, "program-tree", culture, new ViewportSize { Width = 1280, Height = 2200 });
        await editor.RunAsync(async j =>
        {
            await CmsSteps.SignInAsync(j, platform.CmsUrl, email, key);
            await j.GotoAsync(new Uri(platform.CmsUrl, $"/programs/{id}"));
            foreach (var (nb, nn) in new[] { ("Andre modul", "Andre modul"), ("Tredje modul", "Tredje modul") })
            {
                await j.Page.Locator("#new-module-nb").FillAsync(nb);
                await j.Page.Locator("#new-module-nn").FillAsync(nn);
                await j.Page.GetByRole(AriaRole.Button, new() { Name = "Legg til modul", Exact = true }).ClickAsync();
                await Expect(j.Page.Locator(titles).Last).ToContainTextAsync(nb);
            }
            await Expect(j.Page.Locator(titles)).ToHaveTextAsync(["Modul 1: Første modul", "Modul 2: Andre modul", "Modul 3: Tredje modul"]);
            await j.CheckAccessibilityAsync();
            var ids = await ModuleIdsAsync(j);

            // Keyboard: Tab to "Move Tredje modul up" and press Enter.
            var up = j.Page.GetByRole(AriaRole.Button, new() { Name = "Flytt Tredje modul opp" });
            await up.FocusAsync();
            await j.Page.Keyboard.PressAsync("Enter");
            await Expect(j.Page.Locator(titles)).ToHaveTextAsync(["Modul 1: Første modul", "Modul 2: Tredje modul", "Modul 3: Andre modul"]);
            Assert.Equal([ids[0], ids[2], ids[1]], await ModuleIdsAsync(j)); // moved, not re-created
            await j.CheckAccessibilityAsync();

            // Drag and drop: "Andre modul" to the top.
            var modules = j.Page.Locator("ol[data-reorder=modules] > li");
            // By its title (not a button), with several mouse moves so the page gets dragover events as with a real hand.
            await modules.Nth(2).Locator(".tree-title").HoverAsync();
            await j.Page.Mouse.DownAsync();
            var top = (await modules.Nth(0).Locator(".tree-title").BoundingBoxAsync())!;
            await j.Page.Mouse.MoveAsync(top.X + 10, top.Y + 3, new() { Steps = 8 });
            await j.Page.Mouse.MoveAsync(top.X + 12, top.Y + 2, new() { Steps = 2 });
            await j.Page.Mouse.UpAsync();
            await Expect(j.Page.Locator(titles)).ToHaveTextAsync(["Modul 1: Andre modul", "Modul 2: Første modul", "Modul 3: Tredje modul"]);
            Assert.Equal([ids[1], ids[0], ids[2]], await ModuleIdsAsync(j));
            await j.CheckAccessibilityAsync();

            // Duplicate "Første modul": the copy comes right after it, with ids of its own.
            await j.Page.GetByRole(AriaRole.Button, new() { Name = "Dupliser Første modul" }).ClickAsync();
            await Expect(j.Page.Locator(titles)).ToHaveCountAsync(4);
            var withCopy = await ModuleIdsAsync(j);
            Assert.DoesNotContain(withCopy[2], ids);
            await j.CheckAccessibilityAsync();

            // Delete the copy, through the confirmation page.
            await modules.Nth(2).GetByRole(AriaRole.Link, new() { Name = "Slett Første modul" }).ClickAsync();
            await Expect(j.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(culture == "nn" ? "Stadfest sletting" : "Bekreft sletting");
            await j.CheckAccessibilityAsync();
            await j.Page.Locator("form button.danger").ClickAsync();
            await Expect(j.Page.Locator(titles)).ToHaveCountAsync(3);
            Assert.Equal([ids[1], ids[0], ids[2]], await ModuleIdsAsync(j));
            await j.CheckAccessibilityAsync();

            // Rename "Tredje modul" in both languages.
            var third = modules.Nth(2);
            await third.Locator("details.rename summary").ClickAsync();
            await third.Locator("details.rename input[name='title.nb']").FillAsync("Avslutning");
            await third.Locator("details.rename input[name='title.nn']").FillAsync("Avslutting");
            await third.Locator("details.rename button[type=submit]").ClickAsync();
            await Expect(j.Page.Locator(titles).Nth(2)).ToHaveTextAsync(culture == "nn" ? "Modul 3: Avslutting" : "Modul 3: Avslutning");
            await j.CheckAccessibilityAsync();

            // Reminder defaults by keyboard only: Space ticks SMS, Tab moves to the inactivity days, Enter saves the form.
            await j.Page.GetByLabel("SMS", new() { Exact = true }).FocusAsync();
            await j.Page.Keyboard.PressAsync("Space");
            await j.Page.Keyboard.PressAsync("Tab");
            await Expect(j.Page.GetByLabel(culture == "nn" ? "Påminning etter dagar utan aktivitet" : "Påminnelse etter dager uten aktivitet")).ToBeFocusedAsync();
            await j.Page.Keyboard.PressAsync("Control+A");
            await j.Page.Keyboard.TypeAsync("10");
            await j.Page.Keyboard.PressAsync("Enter");
            await Expect(j.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#reminders$"));
            await Expect(j.Page.GetByLabel("SMS", new() { Exact = true })).ToBeCheckedAsync();
            await Expect(j.Page.Locator("[id='f-program-reminders.inactiveDays']")).ToHaveValueAsync("10");
            await j.CheckAccessibilityAsync();

            // The alert limit: from 24 to 48 hours, typed and saved with Enter.
            await j.Page.Locator("#f-program-alertEscalationHours").FocusAsync();
            await j.Page.Keyboard.PressAsync("Control+A");
            await j.Page.Keyboard.TypeAsync("48");
            await j.Page.Keyboard.PressAsync("Enter");
            await Expect(j.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#triage$"));
            await Expect(j.Page.Locator("#f-program-alertEscalationHours")).ToHaveValueAsync("48");
            await j.CheckAccessibilityAsync();
        });

        await using var scope = platform.Cms.Services.CreateAsyncScope();
        var draft = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Programs.AsNoTracking().SingleAsync(p => p.Id == id);
        var saved = ProgramContent.FromJson(draft.DocumentJson);
        Assert.Equal(["Andre modul", "Første modul", "Avslutning"], saved.Modules.Select(m => m.Title["nb"]));
        Assert.Equal("Avslutting", saved.Modules[2].Title["nn"]);
        Assert.Equal(["email", "sms"], saved.Reminders!.Channels);
        Assert.Equal(10, saved.Reminders.InactiveDays);
        Assert.Equal(48, saved.AlertEscalationHours);
    }

    private static async Task<string[]> ModuleIdsAsync(Journey j) =>
        await j.Page.Locator("ol[data-reorder=modules] > li").EvaluateAllAsync<string[]>("items => items.map(li => li.dataset.id)");
}
