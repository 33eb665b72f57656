using ContentPlatform.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContentPlatform.E2E.Infrastructure;

/// <summary>Steps many Cms journeys share: signing in with password and authenticator code.</summary>
public static class CmsSteps
{
    public static async Task SignInAsync(Journey j, Uri cms, string email, string key)
    {
        await j.GotoAsync(new Uri(cms, "/account/login"));
        await j.Page.GetByLabel("E-postadresse").FillAsync(email);
        await j.Page.GetByLabel("Passord").FillAsync(PlatformFixture.Password);
        await j.Page.GetByRole(AriaRole.Button, new() { Name = "Logg inn", Exact = true }).ClickAsync();
        await Expect(j.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login-2fa"));
        await j.CheckAccessibilityAsync();
        await j.Page.GetByLabel(new System.Text.RegularExpressions.Regex("Kode fr")).FillAsync(Totp.Code(key));
        await j.Page.GetByRole(AriaRole.Button, new() { Name = "Logg inn", Exact = true }).ClickAsync();
        await Expect(j.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Velkom");
        await j.CheckAccessibilityAsync();
    }
}
