using System.Net;
using ContentPlatform.Cms;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Platform.Hosting;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Passkeys;

/// <summary>Passkeys for the content team: only beside the mandatory authenticator, and a passkey sign-in is the second factor.</summary>
public sealed class CmsPasskeyTests
{
    private const string Password = "correct horse battery";

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_staff_passkey_sign_in_opens_the_dashboard_without_an_authenticator_code(Db db)
    {
        await using var app = await Apps.CmsAsync(db);
        var eli = await app.SignedInAsync("eli@example.no", StaffRoles.Editor);
        using var laptop = new SoftwareAuthenticator();
        Assert.Equal(HttpStatusCode.Redirect, (await eli.AddPasskeyAsync(laptop, "Jobb-PC")).StatusCode);

        var later = Anonymous(app);
        var signIn = await later.PasskeySignInAsync(laptop);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
        var dashboard = await later.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Velkommen, eli", await dashboard.Content.ReadAsStringAsync());
        // ...and the staff-only machine side too (the management API requires amr=mfa).
        Assert.Equal(HttpStatusCode.OK, (await later.GetAsync("/api/v1/manage/programs")).StatusCode);
    }

    [Fact]
    public async Task A_staff_member_who_removes_a_passkey_stays_signed_in_with_the_second_factor()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var eli = await app.SignedInAsync("eli@example.no", StaffRoles.Editor);
        using var phone = new SoftwareAuthenticator();
        await eli.AddPasskeyAsync(phone, "Mobil");
        var id = SoftwareAuthenticator.Base64Url(phone.CredentialId);

        var removed = await eli.PostFormAsync("/account/security/remove-passkey", ("id", id),
            ("__RequestVerificationToken", await eli.AntiforgeryTokenAsync($"/account/security/remove-passkey?id={id}")));
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        // Signed in again after the new security stamp, still with amr=mfa: no detour to authenticator enrolment.
        Assert.Equal(HttpStatusCode.OK, (await eli.GetAsync("/")).StatusCode);
        Assert.Contains("Tilgangsnøkkelen er fjernet", await eli.GetStringAsync(PlatformPasskeys.SecurityPath));
    }

    [Fact]
    public async Task A_staff_user_past_the_password_only_cannot_reach_passkeys_until_an_authenticator_is_enrolled()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        await StaffAccounts.CreateAsync(app.Services, "eli@example.no", "Eli", Password, enrol: false, StaffRoles.Editor);
        var client = Anonymous(app);
        var token = await client.AntiforgeryTokenAsync("/account/login");
        await client.PostFormAsync("/account/login", ("email", "eli@example.no"), ("password", Password), ("__RequestVerificationToken", token));

        var page = await client.GetAsync(PlatformPasskeys.SecurityPath);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/account/enrol-2fa?returnUrl=%2Faccount%2Fsecurity", page.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PasskeyOptionsAsync("creation-options", "/account/login")).StatusCode);
    }

    [Fact]
    public async Task Resetting_a_staff_users_second_factor_removes_their_passkeys_too()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var eli = await app.SignedInAsync("eli@example.no", StaffRoles.Editor);
        using var phone = new SoftwareAuthenticator();
        await eli.AddPasskeyAsync(phone, "Mobil");
        var admin = await app.SignedInAsync("admin@example.no", StaffRoles.Admin);
        string eliId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            eliId = (await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync("eli@example.no"))!.Id;
        }

        var reset = await admin.PostFormAsync($"/admin/users/{eliId}?handler=reset2fa",
            ("__RequestVerificationToken", await admin.AntiforgeryTokenAsync($"/admin/users/{eliId}")));
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            Assert.Empty(await users.GetPasskeysAsync((await users.FindByIdAsync(eliId))!));
        }
        var lost = await Anonymous(app).PasskeySignInAsync(phone);
        Assert.Contains("Vi kjenner ikke igjen denne tilgangsnøkkelen", await lost.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_sign_in_page_offers_a_passkey_only_through_the_shared_script_served_with_a_version_hash()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var client = Anonymous(app);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nn");
        var login = await client.GetStringAsync("/account/login");

        // Hidden until the script has checked that the browser can use passkeys.
        Assert.Matches("<form[^>]*id=\"passkey-signin\"[^>]*hidden", login);
        Assert.Contains("Logg inn med tilgangsnøkkel", login);
        Assert.Contains("aria-live=\"polite\"", login);
        var src = System.Text.RegularExpressions.Regex.Match(login, "<script src=\"(/js/passkeys\\.js\\?v=[^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(src);
        var script = await client.GetAsync(src);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Contains("navigator.credentials.get", await script.Content.ReadAsStringAsync());
    }

    private static HttpClient Anonymous(AppFactory<CmsApp> app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
}
