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
/// The page editor's autosave against its own earlier saves. Playwright's clock stands in for the browser's timers so
/// the 1.5 s debounce fires when the journey says, not after a wait.
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class EditorAutosaveJourneyTests(PlatformFixture platform)
{
    private static readonly DateTime Start = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    private static bool IsAutosave(string url) => url.Contains("handler=autosave", StringComparison.Ordinal);

    [Theory]
    [InlineData("nb")]
    [InlineData("nn")]
    public async Task A_change_made_while_an_autosave_is_on_its_way_is_saved_after_it_and_never_conflicts_with_it(string culture)
    {
        var id = $"overlap-{culture}";
        var key = await platform.CreateStaffAsync($"eli.overlap.{culture}@example.no", "Eli", StaffRoles.Editor);
        await ManagerSamples.CreateAsync(platform.Cms.Services, ManagerSamples.Valid(id), "eli");
        var cms = platform.CmsUrl;
        await using var journey = await Journey.StartAsync(platform.Browser, "editor-overlap", culture);
        await journey.RunAsync(async j =>
        {
            var page = j.Page;
            await CmsSteps.SignInAsync(j, cms, $"eli.overlap.{culture}@example.no", key);
            await page.Clock.InstallAsync(new() { TimeDate = Start });
            await j.GotoAsync(new Uri(cms, $"/programs/{id}/pages/{id}-p1"));
            // From here on no timer of the page fires unless the journey moves the clock.
            await page.Clock.PauseAtAsync(Start.AddMinutes(1));

            // The first autosave is held on its way to the server; any later one goes through.
            var held = new TaskCompletionSource<IRoute>(TaskCreationOptions.RunContinuationsAsynchronously);
            await page.RouteAsync(IsAutosave, route => held.TrySetResult(route) ? Task.CompletedTask : route.ContinueAsync());
            var answers = 0;
            var statuses = new System.Collections.Concurrent.ConcurrentQueue<int>();
            var bothAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            page.Response += (_, response) =>
            {
                if (!IsAutosave(response.Url))
                {
                    return;
                }
                statuses.Enqueue(response.Status);
                if (Interlocked.Increment(ref answers) == 2)
                {
                    bothAnswered.TrySetResult();
                }
            };

            var title = page.Locator($"#f-{id}-b2-title-nb");
            await title.FillAsync("Første tekst");
            await page.Clock.RunForAsync(2000);
            var first = await held.Task;

            // A second change while the first save is still out: its debounce runs out too, so a second save is due.
            await title.FillAsync("Andre tekst");
            await page.Clock.RunForAsync(2000);
            await first.ContinueAsync();
            await bothAnswered.Task.WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Equal([200, 200], statuses); // neither save was refused as a conflict with the other

            await Expect(page.Locator("#autosave-status")).ToContainTextAsync(culture == "nn" ? "Lagra" : "Lagret");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = culture == "nn" ? "Vis begge versjonane" : "Vis begge versjonene" }))
                .ToHaveCountAsync(0);
            Assert.Contains("Andre tekst", await StoredDraftAsync(id));

            await page.UnrouteAsync(IsAutosave);
            // axe runs its own timers: give the page its clock back before checking it again.
            await page.Clock.ResumeAsync();
            await j.CheckAccessibilityAsync();
        });
    }

    private async Task<string> StoredDraftAsync(string id)
    {
        await using var scope = platform.Cms.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        return await db.Programs.Where(p => p.Id == id).Select(p => p.DocumentJson).SingleAsync();
    }
}
