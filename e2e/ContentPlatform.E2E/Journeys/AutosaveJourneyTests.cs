using System.Text.RegularExpressions;
using ContentPlatform.Delivery.Data;
using ContentPlatform.E2E.Infrastructure;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContentPlatform.E2E.Journeys;

/// <summary>
/// What a patient writes in an exercise survives the server going away, the session ending, and autosave requests that
/// arrive out of order. Each journey has its own program and patient.
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class AutosaveJourneyTests(PlatformFixture platform)
{
    private const string SaveRoute = "**/api/my/enrollments/*/answers";

    [Theory]
    [InlineData("nb")]
    [InlineData("nn")]
    public async Task Text_typed_while_the_server_cannot_be_reached_is_restored_from_the_browser_after_a_reload_and_then_saved(string culture)
    {
        var (programId, code) = await ProgramAsync("restore", culture);
        await using var journey = await Journey.StartAsync(platform.Browser, "autosave-restore", culture);
        await journey.RunAsync(async j =>
        {
            var page = j.Page;
            var answer = await OpenExerciseAsync(j, programId, code, culture);
            await answer.FillAsync("Først dette.");
            await Expect(Status(page, programId)).ToHaveAttributeAsync("data-state", "saved");

            // The server cannot be reached: the text stays in the browser only.
            await page.RouteAsync(SaveRoute, route => route.AbortAsync());
            await answer.PressSequentiallyAsync(" Så dette, uten nett.");
            await Expect(Status(page, programId)).ToHaveAttributeAsync("data-state", "offline");
            Assert.Equal("Først dette.", await StoredAnswerAsync(programId));

            // Back again, the page loads the server's older text; the browser's copy is put back and saved.
            await page.UnrouteAsync(SaveRoute);
            await page.ReloadAsync();
            await j.CheckAccessibilityAsync();
            await Expect(answer).ToHaveValueAsync("Først dette. Så dette, uten nett.");
            await Expect(Status(page, programId)).ToHaveAttributeAsync("data-state", "saved");
            Assert.Equal("Først dette. Så dette, uten nett.", await StoredAnswerAsync(programId));
        });
    }

    [Theory]
    [InlineData("nb")]
    [InlineData("nn")]
    public async Task Text_typed_after_the_session_ended_is_kept_and_saved_once_the_patient_signs_in_again(string culture)
    {
        var (programId, code) = await ProgramAsync("signout", culture);
        await using var journey = await Journey.StartAsync(platform.Browser, "autosave-signed-out", culture);
        await journey.RunAsync(async j =>
        {
            var page = j.Page;
            var answer = await OpenExerciseAsync(j, programId, code, culture);
            var pageUrl = page.Url;

            await j.Context.ClearCookiesAsync(); // the session ends (expiry, sign-out in another tab)
            await answer.FillAsync("Skrevet etter at økta gikk ut.");
            await Expect(Status(page, programId)).ToHaveAttributeAsync("data-state", "error");
            await Expect(Status(page, programId)).ToContainTextAsync(culture == "nn" ? "Du er logga ut" : "Du er logget ut");
            Assert.Null(await StoredAnswerAsync(programId));

            await page.GotoAsync(pageUrl); // → the sign-in page, which returns here
            await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
            await j.CheckAccessibilityAsync();
            await page.GetByLabel("E-postadresse").FillAsync(Email(programId));
            await page.GetByLabel("Passord").FillAsync(PlatformFixture.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Logg inn", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(pageUrl);
            await j.CheckAccessibilityAsync();
            await Expect(answer).ToHaveValueAsync("Skrevet etter at økta gikk ut.");
            await Expect(Status(page, programId)).ToHaveAttributeAsync("data-state", "saved");
            Assert.Equal("Skrevet etter at økta gikk ut.", await StoredAnswerAsync(programId));
        });
    }

    [Fact]
    public async Task A_slow_autosave_that_arrives_after_a_newer_one_does_not_put_the_older_text_back()
    {
        var (programId, code) = await ProgramAsync("order", "nb");
        await using var journey = await Journey.StartAsync(platform.Browser, "autosave-order", "nb");
        await journey.RunAsync(async j =>
        {
            var page = j.Page;
            var answer = await OpenExerciseAsync(j, programId, code, "nb");

            // The first save is held back on the way to the server…
            var held = new TaskCompletionSource<IRoute>(TaskCreationOptions.RunContinuationsAsynchronously);
            await page.RouteAsync(SaveRoute, route =>
            {
                if (!held.TrySetResult(route))
                {
                    return route.ContinueAsync();
                }
                return Task.CompletedTask;
            });
            await answer.FillAsync("Eldre tekst");
            var slow = await held.Task;

            // …while a newer one goes through and is stored…
            await answer.PressSequentiallyAsync(", og nyere tekst");
            await Expect(Status(page, programId)).ToHaveAttributeAsync("data-state", "saved");
            Assert.Equal("Eldre tekst, og nyere tekst", await StoredAnswerAsync(programId));

            // …and then the old one arrives: refused, the newer text stays.
            var response = page.WaitForResponseAsync(r => r.Url.EndsWith("/answers", StringComparison.Ordinal) && r.Status != 200);
            await slow.ContinueAsync();
            Assert.Equal(409, (await response).Status);
            await Expect(Status(page, programId)).ToHaveAttributeAsync("data-state", "saved");
            Assert.Equal("Eldre tekst, og nyere tekst", await StoredAnswerAsync(programId));
            await page.UnrouteAsync(SaveRoute);
        });
    }

    private async Task<(string ProgramId, string Code)> ProgramAsync(string name, string culture)
    {
        var programId = $"autosave-{name}-{culture}";
        await platform.Delivery.Services.StoreReleaseAsync(SamplePrograms.Guided(id: programId), 1);
        return (programId, await platform.Delivery.Services.InviteAsync(programId));
    }

    private static string Email(string programId) => $"anne.{programId}@example.no";

    /// <summary>Accepts the invitation (signed in from then on) and opens module 1's exercise page.</summary>
    private async Task<ILocator> OpenExerciseAsync(Journey j, string programId, string code, string culture)
    {
        var nn = culture == "nn";
        await DeliverySteps.AcceptInvitationAsync(j, platform.DeliveryUrl, code, "Anne", Email(programId), nn);
        await Expect(j.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(nn ? "Roleg pust" : "Rolig pust");
        await j.CheckAccessibilityAsync();
        await j.Page.GetByRole(AriaRole.Link, new() { Name = "Modul 1: Pust" }).ClickAsync();
        await Expect(j.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(nn ? "Pust roleg 1" : "Pust rolig 1");
        await j.CheckAccessibilityAsync();
        return j.Page.Locator($"#b-{SamplePrograms.ExerciseId(1, programId)} textarea");
    }

    private static ILocator Status(IPage page, string programId) =>
        page.Locator($"#b-{SamplePrograms.ExerciseId(1, programId)} .save-status");

    private async Task<string?> StoredAnswerAsync(string programId)
    {
        await using var scope = platform.Delivery.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        var blockId = SamplePrograms.ExerciseId(1, programId);
        return await db.Answers.Where(a => a.BlockId == blockId).Select(a => a.Value).SingleOrDefaultAsync();
    }
}
