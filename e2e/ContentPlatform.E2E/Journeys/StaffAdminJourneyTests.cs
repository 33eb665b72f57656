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
/// A clinic admin invites a therapist, who gets the mail, chooses a password, enrols an authenticator and opens her
/// caseload; the admin then deactivates her, and her open caseload tab stops being live and its next request is refused
/// (issue 18), and hands another member of staff over to the installation's other organisation (issue 20). This journey's
/// Delivery has its own SMTP server, so the shared one stays without mail settings.
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class StaffAdminJourneyTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("nb")]
    [InlineData("nn")]
    public async Task A_clinic_admin_invites_a_therapist_who_sets_up_her_account_and_is_cut_off_at_once_when_deactivated(string culture)
    {
        var nn = culture == "nn";
        await using var smtp = new SmtpCatcher();
        await smtp.StartAsync();
        // Two organisations: the admin's (the default, Helse Fjord) and Helse Lyng, so the staff table offers a move.
        var settings = smtp.Settings();
        settings["Theme:Organisations:Helse Lyng"] = "lyng";
        await using var delivery = (await Apps.DeliveryAsync(Db.Sqlite, settings)).UseRealServer();
        var url = delivery.ClientOptions.BaseAddress;
        await delivery.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        await delivery.Services.CreateUserAsync("ada@example.no", "Ada Admin", DeliveryRoles.ClinicAdmin);
        await delivery.Services.CreateUserAsync($"kai.{culture}@example.no", "Kai Kollega", DeliveryRoles.Therapist);
        var adaKey = (await delivery.Services.AuthenticatorKeyAsync("ada@example.no"))!;
        var email = $"tone.{culture}@example.no";

        await using var admin = await Journey.StartAsync(platform.Browser, "staff-admin", culture);
        await using var therapist = await Journey.StartAsync(platform.Browser, "staff-therapist", culture);
        await admin.RunAsync(async a =>
        {
            await DeliverySteps.SignInStaffAsync(a, url, "ada@example.no", adaKey, nn, DeliveryKit.Password);
            await a.Page.GetByRole(AriaRole.Link, new() { Name = nn ? "Tilsette" : "Ansatte" }).ClickAsync();
            await Expect(a.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(nn ? "Tilsette og tilgangar" : "Ansatte og tilganger");
            await a.CheckAccessibilityAsync();
            await Expect(a.Page.Locator("#invite-organisation")).ToContainTextAsync("Organisasjon: Helse Fjord");
            await a.Page.Locator("#invite-name").FillAsync("Tone Terapeut");
            await a.Page.Locator("#invite-email").FillAsync(email);
            await a.Page.Locator("#invite-culture").SelectOptionAsync(culture);
            await a.Page.Locator("#invite-role-therapist").CheckAsync();
            await a.Page.GetByRole(AriaRole.Button, new() { Name = "Send invitasjon" }).ClickAsync();
            await Expect(a.Page.Locator("#staff-message")).ToContainTextAsync(email);
            await Expect(a.Page.Locator($"tr[data-staff='{email}']")).ToContainTextAsync("Invitert");
            await Expect(a.Page.GetByLabel("Organisasjon for Tone Terapeut")).ToHaveValueAsync("Helse Fjord");
            await a.CheckAccessibilityAsync();
            // Kai moves to Helse Lyng: he leaves this list, and its own admins manage him from now on.
            await a.Page.GetByLabel("Organisasjon for Kai Kollega").SelectOptionAsync("Helse Lyng");
            await a.Page.GetByRole(AriaRole.Button, new() { Name = nn ? "Flytt Kai Kollega til vald organisasjon" : "Flytt Kai Kollega til valgt organisasjon" }).ClickAsync();
            await Expect(a.Page.Locator("#staff-message")).ToContainTextAsync("Kai Kollega");
            await Expect(a.Page.Locator($"tr[data-staff='kai.{culture}@example.no']")).ToHaveCountAsync(0);
            if (nn)
            {
                // On a phone each colleague is a card: roles, organisation and access never run off the screen (the
                // six-column table was 916 px wide on a 390 px phone). The rest of her journey stays on the phone.
                await a.Page.SetViewportSizeAsync(390, 844);
                var (scroll, inner) = (await a.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), await a.Page.EvaluateAsync<int>("() => innerWidth"));
                Assert.True(scroll <= inner, $"/admin/staff is {scroll} px wide on a {inner} px screen");
                await a.CheckAccessibilityAsync();
            }
        });

        var mail = await smtp.WaitForMailAsync(email, TimeSpan.FromSeconds(30));
        Assert.Contains(nn ? "Opne lenkja" : "Åpne lenken", mail.TextBody);
        var link = new Uri(url, new Uri(mail.Link("/account/staff-invitation/")).PathAndQuery);
        await therapist.RunAsync(async t =>
        {
            await t.GotoAsync(link);
            await t.Page.GetByLabel(nn ? "Vel passord" : "Velg passord").FillAsync("tone sitt nye passord");
            await t.Page.GetByRole(AriaRole.Button, new() { Name = nn ? "Lagre passordet og hald fram" : "Lagre passord og fortsett" }).ClickAsync();
            await Expect(t.Page).ToHaveURLAsync(new Regex("/account/enrol-2fa"));
            await t.CheckAccessibilityAsync();
            var key = await t.Page.Locator("#authenticator-key").GetAttributeAsync("data-key");
            await t.Page.GetByLabel(new Regex("Kode fr")).FillAsync(Totp.Code(key!));
            await t.Page.Locator("form:has(#code) button[type=submit]").ClickAsync();
            await Expect(t.Page.Locator("#recovery-codes")).ToBeVisibleAsync();
            await t.CheckAccessibilityAsync();
        });
        // A patient is enrolled with her as the responsible therapist, so her caseload has someone in it.
        string toneId;
        await using (var scope = delivery.Services.CreateAsyncScope())
        {
            toneId = (await scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>().FindByEmailAsync(email))!.Id;
        }
        await delivery.Services.EnrolledPatientAsync($"rolf.{culture}@example.no", therapistId: toneId, firstName: "Rolf");
        await therapist.RunAsync(async t =>
        {
            await t.Page.GetByRole(AriaRole.Link, new() { Name = nn ? "Hald fram" : "Fortsett" }).ClickAsync();
            await Expect(t.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(nn ? "Pasientane mine" : "Mine pasienter");
            await Expect(t.Page.Locator("#caseload")).ToHaveAttributeAsync("data-live", "true");
            await Expect(t.Page.Locator("tr", new() { HasText = "Rolf" })).ToBeVisibleAsync();
            await t.CheckAccessibilityAsync();
        });

        await admin.RunAsync(async a =>
        {
            await a.Page.ReloadAsync();
            await a.Page.GetByRole(AriaRole.Button, new() { Name = $"Deaktiver Tone Terapeut" }).ClickAsync();
            await Expect(a.Page.Locator("#staff-message")).ToContainTextAsync("Tone Terapeut");
            await Expect(a.Page.Locator("#teams-without-lead")).ToBeVisibleAsync(); // Rolf's team needs a new lead
            await a.CheckAccessibilityAsync();
        });
        await therapist.RunAsync(async t =>
        {
            // The server closed her live connection: the open caseload no longer follows changes...
            await Expect(t.Page.Locator("#caseload")).Not.ToHaveAttributeAsync("data-live", "true");
            // ...and the next request is refused: she is sent to sign in, where her password no longer helps.
            await t.Page.ReloadAsync();
            await Expect(t.Page).ToHaveURLAsync(new Regex("/account/login"));
            await t.CheckAccessibilityAsync();
        });
    }
}
