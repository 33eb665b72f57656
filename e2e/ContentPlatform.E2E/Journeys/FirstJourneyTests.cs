using ContentPlatform.Cms.Identity;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContentPlatform.E2E.Journeys;

/// <summary>The first journeys: a patient opens the delivery site and an editor opens the Cms, in both languages.</summary>
[Collection(PlatformGroup.Name)]
public sealed class FirstJourneyTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("nb", "Behandling og kurs når det passer deg", "Mine program")]
    [InlineData("nn", "Behandling og kurs når det passar deg", "Programma mine")]
    public async Task A_patient_opens_the_delivery_site_on_a_phone_and_signs_in(string culture, string heading, string programs)
    {
        await platform.CreateDeliveryUserAsync($"anne.{culture}@example.no", "Anne", DeliveryRoles.Patient);
        await using var journey = await Journey.StartAsync(platform.Browser, "patient-first-visit", culture, Journey.Phone);
        await journey.RunAsync(async j =>
        {
            await j.GotoAsync(platform.DeliveryUrl);
            await Expect(j.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
            await Expect(j.Page.Locator("html")).ToHaveAttributeAsync("lang", culture);

            await j.Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Logg inn", Exact = true }).ClickAsync();
            await j.CheckAccessibilityAsync();
            await j.Page.GetByLabel("E-postadresse").FillAsync($"anne.{culture}@example.no");
            await j.Page.GetByLabel("Passord").FillAsync(PlatformFixture.Password);
            await j.Page.GetByRole(AriaRole.Button, new() { Name = "Logg inn", Exact = true }).ClickAsync();

            // "Hei, Anne" is the same in both languages; the programs heading below it is not.
            await Expect(j.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Hei, Anne");
            await Expect(j.Page.GetByRole(AriaRole.Heading, new() { Level = 2, Name = programs, Exact = true })).ToBeVisibleAsync();
            await j.CheckAccessibilityAsync();
        });
    }

    [Theory]
    [InlineData("nb", "Innholdsstudio", "Velkommen, Eli")]
    [InlineData("nn", "Innhaldsstudio", "Velkomen, Eli")]
    public async Task An_editor_opens_the_Cms_and_signs_in(string culture, string appName, string welcome)
    {
        var key = await platform.CreateStaffAsync($"eli.{culture}@example.no", "Eli", StaffRoles.Editor);
        await using var journey = await Journey.StartAsync(platform.Browser, "editor-first-visit", culture);
        await journey.RunAsync(async j =>
        {
            await j.GotoAsync(platform.CmsUrl); // redirected to sign in
            await Expect(j.Page.GetByRole(AriaRole.Link, new() { Name = appName })).ToBeVisibleAsync();
            await j.Page.GetByLabel("E-postadresse").FillAsync($"eli.{culture}@example.no");
            await j.Page.GetByLabel("Passord").FillAsync(PlatformFixture.Password);
            await j.Page.GetByRole(AriaRole.Button, new() { Name = "Logg inn", Exact = true }).ClickAsync();
            await j.CheckAccessibilityAsync(); // the second-factor step
            await j.Page.GetByLabel(new System.Text.RegularExpressions.Regex("Kode fr")).FillAsync(ContentPlatform.Tests.Infrastructure.Totp.Code(key));
            await j.Page.GetByRole(AriaRole.Button, new() { Name = "Logg inn", Exact = true }).ClickAsync();

            await Expect(j.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(welcome);
            await j.CheckAccessibilityAsync();
        });
    }

    [Fact]
    public async Task The_language_switch_changes_the_patient_site_to_nynorsk_and_remembers_it()
    {
        await using var journey = await Journey.StartAsync(platform.Browser, "language-switch", "nb", Journey.Phone);
        await journey.RunAsync(async j =>
        {
            await j.GotoAsync(platform.DeliveryUrl);
            await j.Page.GetByRole(AriaRole.Button, new() { Name = "Meny" }).ClickAsync(); // on a phone the switch is in the menu
            await j.Page.GetByRole(AriaRole.Link, new() { Name = "Nynorsk" }).ClickAsync();
            await Expect(j.Page.Locator("html")).ToHaveAttributeAsync("lang", "nn");
            await j.CheckAccessibilityAsync();
            await j.Page.ReloadAsync();
            await Expect(j.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Behandling og kurs når det passar deg");
            await j.CheckAccessibilityAsync();
        });
    }
}
