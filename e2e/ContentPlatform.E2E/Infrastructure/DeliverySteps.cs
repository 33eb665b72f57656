using System.Text.RegularExpressions;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContentPlatform.E2E.Infrastructure;

/// <summary>Steps Delivery journeys share.</summary>
public static class DeliverySteps
{
    /// <summary>Staff sign in with password and authenticator code, and land on the caseload.</summary>
    public static async Task SignInStaffAsync(Journey j, Uri delivery, string email, string key, bool nn, string password = PlatformFixture.Password)
    {
        await j.GotoAsync(new Uri(delivery, "/account/login"));
        await j.Page.GetByLabel("E-postadresse").FillAsync(email);
        await j.Page.GetByLabel("Passord").FillAsync(password);
        await j.Page.GetByRole(AriaRole.Button, new() { Name = "Logg inn", Exact = true }).ClickAsync();
        await Expect(j.Page).ToHaveURLAsync(new Regex("/account/login-2fa"));
        await j.CheckAccessibilityAsync();
        await j.Page.GetByLabel(new Regex("Kode fr")).FillAsync(Totp.Code(key));
        await j.Page.GetByRole(AriaRole.Button, new() { Name = "Logg inn", Exact = true }).ClickAsync();
        await Expect(j.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(nn ? "Pasientane mine" : "Mine pasienter");
        await j.CheckAccessibilityAsync();
    }

    /// <summary>A patient accepts an invitation by creating an account, and lands on the program.</summary>
    public static async Task AcceptInvitationAsync(Journey j, Uri delivery, string code, string name, string email, bool nn)
    {
        await j.GotoAsync(new Uri(delivery, $"/invitation/{code}"));
        await j.Page.GetByLabel(nn ? "Namnet ditt" : "Navnet ditt").FillAsync(name);
        await j.Page.GetByLabel("E-postadresse").FillAsync(email);
        await j.Page.GetByLabel(nn ? "Vel eit passord" : "Velg et passord").FillAsync(PlatformFixture.Password);
        await j.Page.GetByRole(AriaRole.Button, new() { Name = "Lag konto og start" }).ClickAsync();
    }
}
