using System.Text.RegularExpressions;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.DemoIdp;
using ContentPlatform.E2E.Infrastructure;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContentPlatform.E2E.Journeys;

/// <summary>
/// National sign-in in a browser (issue 18), through the demo providers of tools/DemoIdp, whose own login pages are
/// checked with axe like ours: a patient follows her invitation with ID-porten and lands on her program; a therapist
/// signs in with HelseID — strong (nb: straight to the caseload) or weaker (nn: the authenticator code is still asked
/// for); an editor signs in to the Cms with HelseID (nb). This journey has its own apps: the providers must know their
/// redirect addresses (ports) before the apps start.
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class NationalSignInJourneyTests(PlatformFixture platform)
{
    private const string Secret = "journey-secret";

    [Theory]
    [InlineData("nb", "desktop")]
    [InlineData("nn", "phone")]
    public async Task A_patient_signs_in_with_ID_porten_to_her_invited_program_and_staff_sign_in_with_HelseID(string culture, string size)
    {
        var nn = culture == "nn";
        var viewport = size == "phone" ? Journey.Phone390 : Journey.Desktop;
        var deliveryPort = Apps.FreePort();
        var cmsPort = Apps.FreePort();
        await using var idporten = await DemoIdpServer.StartAsync(Flavours.IdPorten, false, Client("delivery-idporten", deliveryPort, "idporten"));
        await using var helseid = await DemoIdpServer.StartAsync(Flavours.HelseId, false,
            Client("delivery-helseid", deliveryPort, "helseid"), Client("cms-helseid", cmsPort, "helseid"));
        await using var delivery = (await Apps.DeliveryAsync(Db.Sqlite, new Dictionary<string, string?>
        {
            ["Authentication:IdPorten:Authority"] = idporten.Authority,
            ["Authentication:IdPorten:ClientId"] = "delivery-idporten",
            ["Authentication:IdPorten:ClientSecret"] = Secret,
            ["Authentication:IdPorten:RequireHttpsMetadata"] = "false",
            ["Identity:PidKey"] = "journey-only-pid-key-0123456789abcdef0123456789",
            ["Authentication:HelseId:Authority"] = helseid.Authority,
            ["Authentication:HelseId:ClientId"] = "delivery-helseid",
            ["Authentication:HelseId:ClientSecret"] = Secret,
            ["Authentication:HelseId:RequireHttpsMetadata"] = "false",
        })).UseRealServer(deliveryPort);
        // The browser uses the address the providers know (127.0.0.1), so the handler's redirect_uri matches it.
        var deliveryUrl = new Uri($"http://127.0.0.1:{deliveryPort}/");
        await delivery.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var code = await delivery.Services.InviteAsync();
        var patientPerson = nn ? TestPersons.SigridFjellheim : TestPersons.KariNordmann;
        // nb: a strong HelseID sign-in is the second factor; nn: Siv reaches only "substantial", so the code is asked for.
        var staffPerson = nn ? TestPersons.SivSubstans : TestPersons.TerjeTerapeut;
        var staffEmail = $"{staffPerson.GivenName.ToLowerInvariant()}@example.no";
        await BindAsync<DeliveryUser>(delivery.Services, await delivery.Services.CreateUserAsync(staffEmail, staffPerson.Name, DeliveryRoles.Therapist), staffPerson);
        var staffKey = (await delivery.Services.AuthenticatorKeyAsync(staffEmail))!;

        await using var patient = await Journey.StartAsync(platform.Browser, "national-patient", culture, viewport);
        await patient.RunAsync(async j =>
        {
            await j.GotoAsync(new Uri(deliveryUrl, $"/invitation/{code}"));
            await j.Page.GetByRole(AriaRole.Button, new() { Name = "Start med ID-porten" }).ClickAsync();
            await PickAtProviderAsync(j, patientPerson, "Demo-ID-porten: logg inn");
            await Expect(j.Page).ToHaveURLAsync(new Regex("/my/"));
            await Expect(j.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(nn ? "Roleg pust" : "Rolig pust");
            await j.CheckAccessibilityAsync();
        });

        await using var therapist = await Journey.StartAsync(platform.Browser, "national-therapist", culture, viewport);
        await therapist.RunAsync(async t =>
        {
            await t.GotoAsync(new Uri(deliveryUrl, "/account/login"));
            await t.Page.GetByRole(AriaRole.Button, new() { Name = "Logg inn med HelseID" }).ClickAsync();
            await PickAtProviderAsync(t, staffPerson, "Demo-HelseID: logg inn");
            if (nn)
            {
                await Expect(t.Page).ToHaveURLAsync(new Regex("/account/login-2fa"));
                await t.CheckAccessibilityAsync();
                await t.Page.GetByLabel(new Regex("Kode fr")).FillAsync(Totp.Code(staffKey));
                await t.Page.GetByRole(AriaRole.Button, new() { Name = "Logg inn", Exact = true }).ClickAsync();
            }
            await Expect(t.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(nn ? "Pasientane mine" : "Mine pasienter");
            await t.CheckAccessibilityAsync();
        });

        if (nn)
        {
            return; // the Cms sign-in is the same Platform code; once (nb, desktop) is enough for the time budget
        }
        await using var cms = (await Apps.CmsAsync(Db.Sqlite, new Dictionary<string, string?>
        {
            ["Authentication:HelseId:Authority"] = helseid.Authority,
            ["Authentication:HelseId:ClientId"] = "cms-helseid",
            ["Authentication:HelseId:ClientSecret"] = Secret,
            ["Authentication:HelseId:RequireHttpsMetadata"] = "false",
        })).UseRealServer(cmsPort);
        await StaffAccounts.CreateAsync(cms.Services, "eli@example.no", "Eli Redaktør", PlatformFixture.Password, enrol: true, StaffRoles.Editor);
        await using (var scope = cms.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            await BindAsync(cms.Services, (await users.FindByEmailAsync("eli@example.no"))!, TestPersons.EliRedaktor);
        }
        await using var editor = await Journey.StartAsync(platform.Browser, "national-editor", culture, viewport);
        await editor.RunAsync(async e =>
        {
            await e.GotoAsync(new Uri($"http://127.0.0.1:{cmsPort}/account/login"));
            await e.Page.GetByRole(AriaRole.Button, new() { Name = "Logg inn med HelseID" }).ClickAsync();
            await PickAtProviderAsync(e, TestPersons.EliRedaktor, "Demo-HelseID: logg inn");
            await Expect(e.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Velkom");
            await e.CheckAccessibilityAsync();
        });
    }

    private static DemoClient Client(string clientId, int port, string scheme) =>
        new(clientId, $"http://127.0.0.1:{port}/signin-{scheme}", $"http://127.0.0.1:{port}/", Secret);

    /// <summary>On the provider's own page (checked with axe too): choose the test person and sign in.</summary>
    private static async Task PickAtProviderAsync(Journey j, TestPerson person, string title)
    {
        await Expect(j.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        await j.CheckAccessibilityAsync();
        await j.Page.GetByLabel(new Regex(Regex.Escape(person.Name))).CheckAsync();
        await j.Page.GetByRole(AriaRole.Button, new() { Name = "Logg inn", Exact = true }).ClickAsync();
    }

    private static async Task BindAsync<TUser>(IServiceProvider services, TUser user, TestPerson person) where TUser : IdentityUser
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TUser>>();
        var fresh = (await users.FindByIdAsync(user.Id))!;
        Assert.True((await users.AddLoginAsync(fresh, new UserLoginInfo("helseid", person.Sub!, "HelseID"))).Succeeded);
    }
}
