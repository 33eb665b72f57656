using System.Text.RegularExpressions;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContentPlatform.E2E.Journeys;

/// <summary>
/// A patient in Delivery and a staff member in the Cms each add a passkey, sign out and sign in with it, in Chromium with
/// a virtual authenticator (Chrome DevTools Protocol) that verifies the user like a fingerprint or PIN would. Passkeys
/// belong to a domain name, never an IP address, so these journeys browse the apps as localhost.
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class PasskeyJourneyTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("nb")]
    [InlineData("nn")]
    public async Task A_patient_adds_a_passkey_signs_out_and_signs_in_with_it(string culture)
    {
        var nn = culture == "nn";
        var email = $"kari.passkey.{culture}@example.no";
        await platform.CreateDeliveryUserAsync(email, "Kari", DeliveryRoles.Patient);
        var site = Localhost(platform.DeliveryUrl);

        await using var journey = await Journey.StartAsync(platform.Browser, "passkey-patient", culture);
        await journey.RunAsync(async j =>
        {
            var authenticator = await AddVirtualAuthenticatorAsync(j);
            await j.GotoAsync(new Uri(site, "/account/login"));
            await j.Page.GetByLabel("E-postadresse").FillAsync(email);
            await j.Page.GetByLabel("Passord").FillAsync(PlatformFixture.Password);
            await j.Page.GetByRole(AriaRole.Button, new() { Name = "Logg inn", Exact = true }).ClickAsync();
            await j.Page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
            await j.CheckAccessibilityAsync();

            await AddPasskeyAsync(j, nn, "Jobbtelefon");
            await SignOutAndInWithPasskeyAsync(j, site);
            await j.GotoAsync(new Uri(site, "/my-data"));
            await Expect(j.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(nn ? "Opplysningane mine" : "Mine opplysninger");

            // A passkey the device cannot unlock (no fingerprint or PIN given): said in words in the live region.
            await authenticator.SetUserVerifiedAsync(verified: false);
            await j.Page.GetByRole(AriaRole.Button, new() { Name = "Logg ut", Exact = true }).ClickAsync();
            await j.GotoAsync(new Uri(site, "/account/login"));
            await j.Page.GetByRole(AriaRole.Button, new() { Name = "Logg inn med tilgangsnøkkel" }).ClickAsync();
            await Expect(j.Page.Locator("#passkey-status")).ToHaveTextAsync(
                nn ? new Regex("^Innlogginga vart avbroten") : new Regex("^Innloggingen ble avbrutt"));
            await j.CheckAccessibilityAsync();
        });
    }

    [Theory]
    [InlineData("nb")]
    [InlineData("nn")]
    public async Task A_staff_member_adds_a_passkey_after_the_authenticator_code_and_then_signs_in_with_it_alone(string culture)
    {
        var nn = culture == "nn";
        var email = $"eli.passkey.{culture}@example.no";
        var key = await platform.CreateStaffAsync(email, "Eli", StaffRoles.Editor);
        var site = Localhost(platform.CmsUrl);

        await using var journey = await Journey.StartAsync(platform.Browser, "passkey-staff", culture);
        await journey.RunAsync(async j =>
        {
            await AddVirtualAuthenticatorAsync(j);
            await CmsSteps.SignInAsync(j, site, email, key);
            await AddPasskeyAsync(j, nn, "Jobb-PC");
            await SignOutAndInWithPasskeyAsync(j, site);
            // No authenticator code asked: the dashboard opens at once.
            await Expect(j.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Velkom");
            await j.CheckAccessibilityAsync();
        });
    }

    private static async Task AddPasskeyAsync(Journey j, bool nn, string name)
    {
        await j.Page.GetByRole(AriaRole.Link, new() { Name = nn ? "Innlogging og tryggleik" : "Innlogging og sikkerhet" }).ClickAsync();
        await Expect(j.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(nn ? "Innlogging og tryggleik" : "Innlogging og sikkerhet");
        await Expect(j.Page.Locator("#add-passkey")).ToBeVisibleAsync(); // the script found WebAuthn
        await j.CheckAccessibilityAsync();

        await j.Page.GetByLabel(nn ? "Namn på tilgangsnøkkelen" : "Navn på tilgangsnøkkelen").FillAsync(name);
        await j.Page.GetByRole(AriaRole.Button, new() { Name = "Legg til tilgangsnøkkel" }).ClickAsync();
        await Expect(j.Page.GetByRole(AriaRole.Status)).ToContainTextAsync(nn ? "Tilgangsnøkkelen er lagd til" : "Tilgangsnøkkelen er lagt til");
        await Expect(j.Page.Locator("#passkeys td.passkey-name")).ToHaveTextAsync(name);
        await j.CheckAccessibilityAsync();
    }

    private static async Task SignOutAndInWithPasskeyAsync(Journey j, Uri site)
    {
        await j.Page.GetByRole(AriaRole.Button, new() { Name = "Logg ut", Exact = true }).ClickAsync();
        // Signed out once the page no longer offers to sign out (a load-state wait could still see the old page's load).
        await Expect(j.Page.GetByRole(AriaRole.Button, new() { Name = "Logg ut", Exact = true })).ToHaveCountAsync(0);
        await j.CheckAccessibilityAsync();
        await j.GotoAsync(new Uri(site, "/account/login"));
        await Expect(j.Page.GetByRole(AriaRole.Button, new() { Name = "Logg inn med tilgangsnøkkel" })).ToBeVisibleAsync();
        await j.Page.GetByRole(AriaRole.Button, new() { Name = "Logg inn med tilgangsnøkkel" }).ClickAsync();
        await j.Page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await Expect(j.Page.GetByRole(AriaRole.Button, new() { Name = "Logg ut", Exact = true })).ToBeVisibleAsync();
    }

    /// <summary>A platform authenticator that holds discoverable credentials and verifies the user (like Touch ID or a PIN).</summary>
    private static async Task<VirtualAuthenticator> AddVirtualAuthenticatorAsync(Journey j)
    {
        var cdp = await j.Context.NewCDPSessionAsync(j.Page);
        await cdp.SendAsync("WebAuthn.enable");
        var result = await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
        return new VirtualAuthenticator(cdp, result!.Value.GetProperty("authenticatorId").GetString()!);
    }

    private sealed record VirtualAuthenticator(ICDPSession Cdp, string Id)
    {
        /// <summary>From now on the device cannot verify the user (no fingerprint or PIN given).</summary>
        public async Task SetUserVerifiedAsync(bool verified) => await Cdp.SendAsync("WebAuthn.setUserVerified", new Dictionary<string, object>
        {
            ["authenticatorId"] = Id,
            ["isUserVerified"] = verified,
        });
    }

    private static Uri Localhost(Uri url) => new UriBuilder(url) { Host = "localhost" }.Uri;
}
