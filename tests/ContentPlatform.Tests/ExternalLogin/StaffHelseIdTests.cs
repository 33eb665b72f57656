using System.Net;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.DemoIdp;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.ExternalLogin;

/// <summary>
/// Staff sign in with HelseID (the real demo provider) in both apps. Who they are and what they may do comes from the
/// local account bound to their HelseID subject; a strong sign-in is the second factor, a weaker one is not.
/// </summary>
public sealed class StaffHelseIdTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_therapist_signs_in_with_HelseID_and_reaches_the_caseload_without_a_code_when_the_sign_in_was_strong(Db db)
    {
        await using var helseid = await NationalSignIn.HelseIdAsync();
        await using var app = await NationalSignIn.DeliveryAsync(db, null, helseid);
        await BindDeliveryAsync(app.Services, "terje@example.no", TestPersons.TerjeTerapeut.Sub!, DeliveryRoles.Therapist);
        var client = app.Browser();

        var result = await NationalSignIn.SignInAsync(client, new DemoLogin(TestPersons.TerjeTerapeut.Pid), provider: "helseid");

        Assert.Equal("/staff", result.Landed);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/staff")).StatusCode);
    }

    [Fact]
    public async Task Only_staff_are_offered_to_connect_HelseID_on_their_security_page()
    {
        await using var helseid = await NationalSignIn.HelseIdAsync();
        await using var app = await NationalSignIn.DeliveryAsync(Db.Sqlite, null, helseid);
        await app.Services.CreateUserAsync("tone@example.no", "Tone Terapeut", DeliveryRoles.Therapist);
        await app.Services.CreateUserAsync("anne@example.no", "Anne", DeliveryRoles.Patient);

        var staff = await (await app.SignedInClientAsync("tone@example.no")).GetStringAsync("/account/security");
        var patient = await (await app.SignedInClientAsync("anne@example.no", "nn")).GetStringAsync("/account/security");

        Assert.Contains("id=\"link-helseid\"", staff, StringComparison.Ordinal);
        Assert.DoesNotContain("link-helseid", patient, StringComparison.Ordinal); // patients sign in with ID-porten
        Assert.Contains("<h1", patient, StringComparison.Ordinal); // the page itself is there
    }

    [Fact]
    public async Task A_weaker_HelseID_sign_in_still_asks_for_the_authenticator_code()
    {
        await using var helseid = await NationalSignIn.HelseIdAsync();
        await using var app = await NationalSignIn.DeliveryAsync(Db.Sqlite, null, helseid);
        await BindDeliveryAsync(app.Services, "siv@example.no", TestPersons.SivSubstans.Sub!, DeliveryRoles.Therapist);
        var client = app.Browser();

        var result = await NationalSignIn.SignInAsync(client, new DemoLogin(TestPersons.SivSubstans.Pid), provider: "helseid");

        Assert.StartsWith("/account/login-2fa", result.Landed);
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/staff")).StatusCode);
        var key = await app.Services.AuthenticatorKeyAsync("siv@example.no");
        var token = await client.AntiforgeryTokenAsync(result.Landed);
        var passed = await client.PostFormAsync(result.Landed, ("code", Totp.Code(key!)), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.Redirect, passed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/staff")).StatusCode);
    }

    [Fact]
    public async Task A_HelseID_person_without_a_staff_account_is_refused_and_nothing_is_created()
    {
        await using var helseid = await NationalSignIn.HelseIdAsync();
        await using var app = await NationalSignIn.DeliveryAsync(Db.Sqlite, null, helseid);
        // Bound, but a patient: HelseID says nothing about roles here, and the local record has no staff role.
        await BindDeliveryAsync(app.Services, "klara@example.no", TestPersons.KlaraKlinikkleiar.Sub!, DeliveryRoles.Patient);
        var client = app.Browser("nn");

        var bound = await NationalSignIn.SignInAsync(client, new DemoLogin(TestPersons.KlaraKlinikkleiar.Pid), provider: "helseid");
        var unknown = await NationalSignIn.SignInAsync(app.Browser(), new DemoLogin(TestPersons.TerjeTerapeut.Pid), provider: "helseid");

        foreach (var landed in new[] { bound.Landed, unknown.Landed })
        {
            Assert.StartsWith("/account/login?external=", landed);
            Assert.Contains("HelseID-identiteten din er ikkje knytt til ein brukarkonto her", WebUtility.HtmlDecode(await client.GetStringAsync(landed)));
        }
        Assert.Equal((1, 1), await app.Services.CountAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/my-data")).StatusCode);
    }

    [Fact]
    public async Task An_editor_signs_in_to_the_Cms_with_HelseID_and_works_with_the_local_roles()
    {
        await using var helseid = await NationalSignIn.HelseIdAsync("cms-helseid");
        await using var app = await NationalSignIn.CmsAsync(Db.Sqlite, helseid);
        await StaffAccounts.CreateAsync(app.Services, "eli@example.no", "Eli", "a long enough passphrase", enrol: true, StaffRoles.Editor);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var eli = await users.FindByEmailAsync("eli@example.no");
            Assert.True((await users.AddLoginAsync(eli!, new UserLoginInfo("helseid", TestPersons.EliRedaktor.Sub!, "HelseID"))).Succeeded);
        }
        var client = app.Browser();
        Assert.Contains("Logg inn med HelseID", await client.GetStringAsync("/account/login"));
        Assert.DoesNotContain("ID-porten", await client.GetStringAsync("/account/login"));

        var result = await NationalSignIn.SignInAsync(client, new DemoLogin(TestPersons.EliRedaktor.Pid), provider: "helseid");

        Assert.Equal("/", result.Landed);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/programs")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/admin/users")).StatusCode); // the local record says editor, not admin
    }

    private static async Task BindDeliveryAsync(IServiceProvider services, string email, string subject, string role)
    {
        var user = await services.CreateUserAsync(email, email, role);
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>();
        Assert.True((await users.AddLoginAsync((await users.FindByIdAsync(user.Id))!, new UserLoginInfo("helseid", subject, "HelseID"))).Succeeded);
    }
}
