using System.Text.RegularExpressions;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.E2E.Infrastructure;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContentPlatform.E2E.Journeys;

/// <summary>
/// Invitations opened by someone already signed in: a patient joins a second program with the same account, or signs out
/// and continues to the form; a therapist who opens a patient's link is told why it is not for them.
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class InvitationSignedInJourneyTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("nb", "desktop")]
    [InlineData("nn", "phone")]
    public async Task A_signed_in_patient_joins_with_this_account_or_signs_out_and_a_therapist_is_told_why_not(string culture, string size)
    {
        var nn = culture == "nn";
        var viewport = size == "phone" ? Journey.Phone390 : Journey.Desktop;
        var first = $"invite-first-{culture}";
        var second = $"invite-second-{culture}";
        await platform.Delivery.Services.StoreReleaseAsync(SamplePrograms.Guided(id: first), 1);
        await platform.Delivery.Services.StoreReleaseAsync(SamplePrograms.Guided(id: second), 1);
        var therapistEmail = $"trine.invite.{culture}@example.no";
        var key = (await platform.CreateDeliveryUserAsync(therapistEmail, "Trine Terapeut", DeliveryRoles.Therapist))!;
        var therapistId = await UserIdAsync(therapistEmail);
        var email = $"petter.invite.{culture}@example.no";
        var joinSecond = await platform.Delivery.Services.InviteAsync(second, therapistId);
        var third = await platform.Delivery.Services.InviteAsync(first, therapistId);

        await using var patient = await Journey.StartAsync(platform.Browser, "invitation-signed-in", culture, viewport);
        await patient.RunAsync(async j =>
        {
            var page = j.Page;
            await DeliverySteps.AcceptInvitationAsync(j, platform.DeliveryUrl, await platform.Delivery.Services.InviteAsync(first, therapistId),
                "Petter", email, nn);
            await Expect(page).ToHaveURLAsync(new Regex("/my/"));
            await j.CheckAccessibilityAsync();

            // A second program: the page says which account joins, and joining takes one button.
            await j.GotoAsync(new Uri(platform.DeliveryUrl, $"/invitation/{joinSecond}"));
            await Expect(page.GetByText(nn ? $"Du er logga inn som {email}." : $"Du er logget inn som {email}.")).ToBeVisibleAsync();
            await Expect(page.GetByLabel(nn ? "Vel eit passord" : "Velg et passord")).ToHaveCountAsync(0);
            await page.GetByRole(AriaRole.Button, new() { Name = "Start programmet med denne kontoen" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(nn ? "Roleg pust" : "Rolig pust");
            await j.CheckAccessibilityAsync();

            // Someone else's invitation on this device: sign out and continue to the form.
            await j.GotoAsync(new Uri(platform.DeliveryUrl, $"/invitation/{third}"));
            await page.GetByRole(AriaRole.Button, new() { Name = nn ? "Logg ut og hald fram" : "Logg ut og fortsett" }).ClickAsync();
            await Expect(page.GetByLabel(nn ? "Vel eit passord" : "Velg et passord")).ToBeVisibleAsync();
            await j.CheckAccessibilityAsync();
        });

        await using var therapist = await Journey.StartAsync(platform.Browser, "invitation-staff", culture, viewport);
        await therapist.RunAsync(async t =>
        {
            await DeliverySteps.SignInStaffAsync(t, platform.DeliveryUrl, therapistEmail, key, nn);
            await t.GotoAsync(new Uri(platform.DeliveryUrl, $"/invitation/{third}"));
            await Expect(t.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync(nn ? "tilsettkonto" : "ansattkonto");
            await Expect(t.Page.GetByRole(AriaRole.Button, new() { Name = "Start programmet med denne kontoen" })).ToHaveCountAsync(0);
            await Expect(t.Page.GetByRole(AriaRole.Button, new() { Name = nn ? "Logg ut og hald fram" : "Logg ut og fortsett" })).ToBeVisibleAsync();
        });
    }

    private async Task<string> UserIdAsync(string email)
    {
        await using var scope = platform.Delivery.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>().FindByEmailAsync(email))!.Id;
    }
}
