using ContentPlatform.Contract.Releases;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.E2E.Infrastructure;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContentPlatform.E2E.Journeys;

/// <summary>
/// The patient site on a 390×844 phone: the header folds into a menu button that works by keyboard, nothing scrolls
/// sideways, a 0–10 scale keeps its eleven options on one row, long questions stay clear of their answers, and the
/// therapist's caseload becomes labelled cards.
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class PhoneLayoutJourneyTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("nb")]
    [InlineData("nn")]
    public async Task On_a_phone_the_patient_opens_the_menu_by_keyboard_and_every_page_fits_the_screen(string culture)
    {
        var nn = culture == "nn";
        var programId = $"phone-{culture}";
        // nb walks the default theme (fjord), nn a trust with its own (lyng): both shipped themes get the axe check.
        await platform.Delivery.Services.StoreReleaseAsync(PhoneProgram(programId, Organisation(nn)), 1);
        var code = await platform.Delivery.Services.InviteAsync(programId);

        await using var journey = await Journey.StartAsync(platform.Browser, "phone-patient", culture, Journey.Phone390);
        await journey.RunAsync(async j =>
        {
            var page = j.Page;
            await DeliverySteps.AcceptInvitationAsync(j, platform.DeliveryUrl, code, "Pia", $"pia.{culture}@example.no", nn);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(nn ? "Roleg pust" : "Rolig pust");
            await j.CheckAccessibilityAsync();
            await FitsTheScreenAsync(page);
            await Expect(page.Locator("body")).ToHaveClassAsync(nn ? "theme-lyng" : "theme-fjord");

            // The menu: closed at first, opened with Enter, walked into with Tab, closed with Escape (focus back on the button).
            var menuButton = page.GetByRole(AriaRole.Button, new() { Name = "Meny" });
            var menu = page.Locator("#site-menu");
            await Expect(menuButton).ToHaveAttributeAsync("aria-expanded", "false");
            await Expect(menu).ToBeHiddenAsync();
            await menuButton.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(menuButton).ToHaveAttributeAsync("aria-expanded", "true");
            await Expect(menu.GetByRole(AriaRole.Button, new() { Name = nn ? "Logg ut" : "Logg ut" })).ToBeVisibleAsync();
            await j.CheckAccessibilityAsync();
            await FitsTheScreenAsync(page);
            await page.Keyboard.PressAsync("Tab");
            Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('site-menu').contains(document.activeElement)"),
                "Tab after opening the menu should land on the menu's first link");
            await page.Keyboard.PressAsync("Escape");
            await Expect(menuButton).ToHaveAttributeAsync("aria-expanded", "false");
            await Expect(menuButton).ToBeFocusedAsync();
            await Expect(menu).ToBeHiddenAsync();
            await page.Keyboard.PressAsync(" ");
            await Expect(menuButton).ToHaveAttributeAsync("aria-expanded", "true");

            // The 0–10 scale: eleven options on one row, the anchors under its two ends.
            var enrollment = await EnrollmentAsync(programId);
            await j.GotoAsync(new Uri(platform.DeliveryUrl, DeliveryKit.PageUrl(enrollment, 1, programId: programId)));
            await FitsTheScreenAsync(page);
            await j.ScreenshotAsync($"phone-{culture}", Journey.Phone390);
            var options = page.Locator(".rating .scale input[type=radio]");
            await Expect(options).ToHaveCountAsync(11);
            var tops = new HashSet<double>();
            foreach (var option in await options.AllAsync())
            {
                tops.Add(Math.Round((await option.BoundingBoxAsync())!.Y));
            }
            Assert.True(tops.Count == 1, $"the scale's options lie on {tops.Count} rows");
            await Expect(page.Locator(".rating .scale-ends")).ToContainTextAsync(nn ? "Inga uro" : "Ingen uro");
            await Expect(page.Locator(".rating .scale-ends")).ToContainTextAsync(nn ? "Verst tenkjeleg" : "Verst tenkelig");
            // The prompt is asked once, in the scale's legend; a choice is saved as it is made.
            var prompt = nn ? "Kor uroleg er du no?" : "Hvor urolig er du nå?";
            await Expect(page.GetByText(prompt)).ToHaveCountAsync(1);
            await options.Nth(7).CheckAsync();
            await Expect(page.Locator(".exercise .save-status")).ToHaveAttributeAsync("data-state", "saved");
            // No feedback given yet: nothing to remove, so no remove button (a .button once overrode its hidden attribute).
            await Expect(page.Locator("[data-feedback-remove]")).ToBeHiddenAsync();

            // Long questions (and a long compound word) wrap above their answers instead of running into them.
            await j.GotoAsync(new Uri(platform.DeliveryUrl, DeliveryKit.PageUrl(enrollment, 1, questionnairePage: true, programId)));
            await FitsTheScreenAsync(page);
            var overlaps = await page.EvaluateAsync<string[]>("""
                () => {
                  const box = el => el.getBoundingClientRect();
                  const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
                  const found = [];
                  for (const set of document.querySelectorAll('.questionnaire fieldset.item')) {
                    const legend = set.querySelector('legend');
                    for (const input of set.querySelectorAll('input')) {
                      if (meet(box(legend), box(input))) found.push(`${legend.textContent} / ${input.id}`);
                    }
                    for (const option of set.querySelectorAll('.option')) {
                      const label = option.querySelector('label'), input = option.querySelector('input');
                      if (meet(box(label), box(input))) found.push(`${label.textContent} / ${input.id}`);
                    }
                  }
                  return found;
                }
                """);
            Assert.Empty(overlaps);

            // "Mine svar" names the scale once, as the heading of its answer.
            await j.GotoAsync(new Uri(platform.DeliveryUrl, $"/my/{enrollment}/answers"));
            await j.CheckAccessibilityAsync();
            await FitsTheScreenAsync(page);
            await Expect(page.Locator("main").GetByText(prompt)).ToHaveCountAsync(1);
            await Expect(page.Locator(".answers .answer-text")).ToHaveTextAsync("7");

            // The sign-in sessions on the security page stack as cards instead of a five-column table wider than the phone.
            await j.GotoAsync(new Uri(platform.DeliveryUrl, "/account/security"));
            await j.CheckAccessibilityAsync();
            await FitsTheScreenAsync(page);
        });
    }

    [Theory]
    [InlineData("nb")]
    [InlineData("nn")]
    public async Task On_a_phone_the_therapist_sees_the_caseload_as_cards_with_each_value_labelled(string culture)
    {
        var nn = culture == "nn";
        var programId = $"phone-caseload-{culture}";
        await platform.Delivery.Services.StoreReleaseAsync(SamplePrograms.Guided(id: programId) with { Organisation = Organisation(nn) }, 1);
        var therapistEmail = $"terje.phone.{culture}@example.no";
        var key = (await platform.CreateDeliveryUserAsync(therapistEmail, "Terje Terapeut", DeliveryRoles.Therapist))!;
        if (nn)
        {
            await platform.SetDeliveryOrganisationAsync(therapistEmail, PlatformFixture.LyngOrganisation); // works for the trust with its own theme
        }
        await platform.Delivery.Services.EnrolledPatientAsync($"kari.phone.{culture}@example.no", programId, await UserIdAsync(therapistEmail), "Kari");

        await using var journey = await Journey.StartAsync(platform.Browser, "phone-caseload", culture, Journey.Phone390);
        await journey.RunAsync(async j =>
        {
            await DeliverySteps.SignInStaffAsync(j, platform.DeliveryUrl, therapistEmail, key, nn);
            var page = j.Page;
            await FitsTheScreenAsync(page);
            await Expect(page.Locator("body")).ToHaveClassAsync(nn ? "theme-lyng" : "theme-fjord"); // the theme of the therapist's own trust
            await Expect(page.Locator(".caseload thead")).Not.ToBeInViewportAsync();
            var card = page.Locator(".caseload tr", new() { HasText = "Kari" });
            foreach (var label in new[] { "Status", "Pasient", nn ? "Kvifor" : "Hvorfor", nn ? "Meldingar" : "Meldinger", "Sist aktiv", "Fullført" })
            {
                await Expect(card.Locator(".cell-label", new() { HasTextString = label })).ToBeVisibleAsync();
            }
            // A card: the values stack under each other rather than sitting side by side as table cells.
            var status = (await card.Locator("td").First.BoundingBoxAsync())!;
            var name = (await card.Locator("th").BoundingBoxAsync())!;
            Assert.True(name.Y >= status.Y + status.Height - 1, "the patient's name should sit under the status on a card");

            // The staff links are in the menu too.
            await page.GetByRole(AriaRole.Button, new() { Name = "Meny" }).ClickAsync();
            await Expect(page.Locator("#site-menu").GetByRole(AriaRole.Link, new() { Name = nn ? "Pasientane mine" : "Mine pasienter" })).ToBeVisibleAsync();
            await j.CheckAccessibilityAsync();

            // Reading Kari's record is measured work; the week's time list shows it as cards too (it was 572 px wide).
            await page.Keyboard.PressAsync("Escape");
            await card.GetByRole(AriaRole.Link, new() { Name = "Kari" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Kari");
            await j.CheckAccessibilityAsync();
            await j.GotoAsync(new Uri(platform.DeliveryUrl, "/staff/workload"));
            await Expect(page.Locator("#my-entries tbody tr").First).ToContainTextAsync("Kari");
            await j.CheckAccessibilityAsync();
            await FitsTheScreenAsync(page);
        });
    }

    /// <summary>Nothing on the page is wider than the screen (no sideways scrolling).</summary>
    private static async Task FitsTheScreenAsync(IPage page)
    {
        var (scroll, inner) = (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("() => innerWidth"));
        Assert.True(scroll <= inner, $"{page.Url} is {scroll} px wide on a {inner} px screen");
    }

    /// <summary>The sample program with a 0–10 rating in module 1 and a questionnaire whose questions are long.</summary>
    private static string Organisation(bool nn) => nn ? PlatformFixture.LyngOrganisation : "Helse Test";

    private static ProgramContent PhoneProgram(string id, string organisation)
    {
        var program = SamplePrograms.Guided(id: id) with { Organisation = organisation };
        var rating = new ExerciseBlock
        {
            Id = SamplePrograms.ExerciseId(1, id), Kind = ExerciseKind.Rating, Min = 0, Max = 10,
            Title = LocalizedText.Of("Uro nå", "Uro no"),
            Prompt = LocalizedText.Of("Hvor urolig er du nå?", "Kor uroleg er du no?"),
            MinLabel = LocalizedText.Of("Ingen uro", "Inga uro"),
            MaxLabel = LocalizedText.Of("Verst tenkelig", "Verst tenkjeleg"),
        };
        var weekly = SamplePrograms.Weekly(id);
        return program with
        {
            Modules = [.. program.Modules.Select((m, i) => i != 0 ? m : m with
            {
                Pages = [.. m.Pages.Select((p, k) => k != 0 ? p : p with { Blocks = [.. p.Blocks.Select(b => b is ExerciseBlock ? rating : b)] })],
            })],
            Questionnaires =
            [
                weekly with
                {
                    Items =
                    [
                        .. weekly.Items.Select(item => item with
                        {
                            Text = LocalizedText.Of(
                                "I løpet av den siste uka har jeg hatt vansker med å konsentrere meg om dagligdagse gjøremål som arbeid, lesing eller spesialisthelsetjenesteoppfølgingssamtaler",
                                "I løpet av den siste veka har eg hatt vanskar med å konsentrere meg om daglegdagse gjeremål som arbeid, lesing eller spesialisthelsetenesteoppfølgingssamtalar"),
                        }),
                    ],
                },
            ],
        };
    }

    private async Task<string> UserIdAsync(string email)
    {
        await using var scope = platform.Delivery.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>().FindByEmailAsync(email))!.Id;
    }

    private async Task<Guid> EnrollmentAsync(string programId)
    {
        await using var scope = platform.Delivery.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContentPlatform.Delivery.Data.DeliveryDbContext>();
        return (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Enrollments, e => e.ProgramId == programId)).Id;
    }
}
