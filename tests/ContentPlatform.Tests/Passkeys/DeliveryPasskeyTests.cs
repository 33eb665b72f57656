using System.Net;
using System.Text.Json.Nodes;
using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Platform.Hosting;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Passkeys;

/// <summary>Passkeys for patients and staff in Delivery, through the real HTTP stack (pages, option endpoints, Identity).</summary>
public sealed class DeliveryPasskeyTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_patient_adds_a_passkey_and_signs_in_with_it_without_a_password(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await app.Services.CreateUserAsync("anne@example.no", "Anne", DeliveryRoles.Patient);
        var anne = await app.SignedInClientAsync("anne@example.no");
        using var phone = new SoftwareAuthenticator();

        var added = await anne.AddPasskeyAsync(phone, "Jobbtelefon");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var page = await anne.GetStringAsync(PlatformPasskeys.SecurityPath);
        Assert.Contains("Tilgangsnøkkelen er lagt til", page);
        Assert.Contains("<td class=\"passkey-name\">Jobbtelefon</td>", page);

        var later = Anonymous(app);
        var signIn = await later.PasskeySignInAsync(phone);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await later.GetAsync("/my-data")).StatusCode);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_forged_passkey_signs_nobody_in_and_the_page_says_so(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await app.Services.CreateUserAsync("anne@example.no", "Anne", DeliveryRoles.Patient);
        using var phone = new SoftwareAuthenticator();
        Assert.Equal(HttpStatusCode.Redirect, (await (await app.SignedInClientAsync("anne@example.no")).AddPasskeyAsync(phone, "Mobil")).StatusCode);

        // Anne's credential id with a signature from another key, and plain garbage.
        using var forger = new SoftwareAuthenticator { CredentialId = phone.CredentialId };
        foreach (var attempt in new Func<HttpClient, Task<HttpResponseMessage>>[]
                 {
                     c => c.PasskeySignInAsync(forger),
                     c => c.PasskeySignInAsync(null, """{"id":"AAAA","rawId":"AAAA","type":"public-key","response":{}}"""),
                     c => c.PasskeySignInAsync(null, "not json at all"),
                 })
        {
            var client = Anonymous(app);
            var response = await attempt(client);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("role=\"alert\"", html);
            Assert.Contains("Vi kjenner ikke igjen denne tilgangsnøkkelen", html);
            Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/my-data")).StatusCode);
        }
    }

    [Fact]
    public async Task A_passkey_response_cannot_be_replayed_for_another_sign_in()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.CreateUserAsync("anne@example.no", "Anne", DeliveryRoles.Patient);
        using var phone = new SoftwareAuthenticator();
        await (await app.SignedInClientAsync("anne@example.no")).AddPasskeyAsync(phone, "Mobil");
        string? captured = null;
        Assert.Equal(HttpStatusCode.Redirect, (await Anonymous(app).PasskeySignInAsync(phone, sent: c => captured = c)).StatusCode);

        // Someone who copied the signed response gets a new challenge of their own, which it does not answer.
        var thief = Anonymous(app);
        var replay = await thief.PasskeySignInAsync(null, captured);
        Assert.Contains("Vi kjenner ikke igjen denne tilgangsnøkkelen", await replay.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await thief.GetAsync("/my-data")).StatusCode);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_forged_or_unverified_registration_adds_no_passkey_and_the_page_says_why(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        var user = await app.Services.CreateUserAsync("anne@example.no", "Anne", DeliveryRoles.Patient);
        var anne = await app.SignedInClientAsync("anne@example.no");

        using var otherSite = new SoftwareAuthenticator(origin: "https://evil.example");
        using var noPin = new SoftwareAuthenticator { UserVerified = false };
        using var honest = new SoftwareAuthenticator();
        foreach (var attempt in new Func<Task<HttpResponseMessage>>[]
                 {
                     () => anne.AddPasskeyAsync(otherSite, "Fra en annen side"),
                     () => anne.AddPasskeyAsync(noPin, "Uten PIN"),
                     () => anne.AddPasskeyAsync(honest, "Tuklet", tamper: json => json.Replace("clientDataJSON\":\"", "clientDataJSON\":\"eyJ0", StringComparison.Ordinal)),
                     () => anne.AddPasskeyAsync(honest, "Søppel", tamper: _ => "{\"id\":\"AAAA\"}"),
                 })
        {
            var response = await attempt();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("Tilgangsnøkkelen kunne ikke lagres", await response.Content.ReadAsStringAsync());
        }
        Assert.Empty(await PasskeysOfAsync(app, user.Id));
    }

    [Fact]
    public async Task Registration_options_need_a_signed_in_user_but_sign_in_options_are_for_anyone()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        var visitor = Anonymous(app);

        Assert.Equal(HttpStatusCode.Unauthorized, (await visitor.PasskeyOptionsAsync("creation-options", "/account/login")).StatusCode);

        var request = await visitor.PasskeyOptionsAsync("request-options", "/account/login");
        Assert.Equal(HttpStatusCode.OK, request.StatusCode);
        var options = JsonNode.Parse(await request.Content.ReadAsStringAsync())!;
        Assert.Equal("required", options["userVerification"]?.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(options["challenge"]?.GetValue<string>()));
        // No e-mail asked, no accounts revealed: the browser offers whatever passkey the person has for this site.
        Assert.True(options["allowCredentials"] is null || options["allowCredentials"]!.AsArray().Count == 0);
    }

    [Fact]
    public async Task Option_endpoints_refuse_a_request_without_the_pages_antiforgery_token()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.CreateUserAsync("anne@example.no", "Anne", DeliveryRoles.Patient);
        var anne = await app.SignedInClientAsync("anne@example.no", "nn");
        var visitor = Anonymous(app);
        visitor.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nn");

        foreach (var response in new[]
                 {
                     await anne.PasskeyOptionsAsync("creation-options", page: null),
                     await visitor.PasskeyOptionsAsync("request-options", page: null),
                 })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Sida har gått ut", await response.Content.ReadAsStringAsync());
        }
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_user_cannot_rename_or_remove_someone_elses_passkey(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        var ola = await app.Services.CreateUserAsync("ola@example.no", "Ola", DeliveryRoles.Patient);
        await app.Services.CreateUserAsync("anne@example.no", "Anne", DeliveryRoles.Patient);
        using var olasPhone = new SoftwareAuthenticator();
        Assert.Equal(HttpStatusCode.Redirect, (await (await app.SignedInClientAsync("ola@example.no")).AddPasskeyAsync(olasPhone, "Olas mobil")).StatusCode);
        var id = SoftwareAuthenticator.Base64Url(olasPhone.CredentialId);

        var anne = await app.SignedInClientAsync("anne@example.no");
        var token = await anne.AntiforgeryTokenAsync(PlatformPasskeys.SecurityPath);
        Assert.Equal(HttpStatusCode.NotFound, (await anne.PostFormAsync($"{PlatformPasskeys.SecurityPath}?handler=rename",
            ("id", id), ("name", "Mi"), ("__RequestVerificationToken", token))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anne.GetAsync($"/account/security/remove-passkey?id={id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anne.PostFormAsync("/account/security/remove-passkey",
            ("id", id), ("__RequestVerificationToken", token))).StatusCode);

        var passkey = Assert.Single(await PasskeysOfAsync(app, ola.Id));
        Assert.Equal("Olas mobil", passkey.Name);
    }

    [Fact]
    public async Task Renaming_and_removing_need_the_antiforgery_token()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        var user = await app.Services.CreateUserAsync("anne@example.no", "Anne", DeliveryRoles.Patient);
        var anne = await app.SignedInClientAsync("anne@example.no");
        using var phone = new SoftwareAuthenticator();
        await anne.AddPasskeyAsync(phone, "Mobil");
        var id = SoftwareAuthenticator.Base64Url(phone.CredentialId);

        Assert.Equal(HttpStatusCode.BadRequest, (await anne.PostFormAsync($"{PlatformPasskeys.SecurityPath}?handler=rename",
            ("id", id), ("name", "Nytt"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await anne.PostFormAsync("/account/security/remove-passkey", ("id", id))).StatusCode);
        Assert.Equal("Mobil", Assert.Single(await PasskeysOfAsync(app, user.Id)).Name);
    }

    [Fact]
    public async Task A_passkey_is_renamed_then_removed_after_confirmation_and_then_no_longer_signs_in()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        var user = await app.Services.CreateUserAsync("anne@example.no", "Anne", DeliveryRoles.Patient);
        var anne = await app.SignedInClientAsync("anne@example.no", "nn");
        using var phone = new SoftwareAuthenticator();
        await anne.AddPasskeyAsync(phone, "Mobil");
        var id = SoftwareAuthenticator.Base64Url(phone.CredentialId);

        var token = await anne.AntiforgeryTokenAsync(PlatformPasskeys.SecurityPath);
        var renamed = await anne.PostFormAsync($"{PlatformPasskeys.SecurityPath}?handler=rename", ("id", id), ("name", "Telefonen min"),
            ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        Assert.Contains("Tilgangsnøkkelen har fått nytt namn", await anne.GetStringAsync(PlatformPasskeys.SecurityPath));

        var confirm = await anne.GetStringAsync($"/account/security/remove-passkey?id={id}");
        Assert.Contains("Vil du fjerne tilgangsnøkkelen «Telefonen min»", confirm);
        Assert.Single(await PasskeysOfAsync(app, user.Id)); // asking is not removing
        var stamp = await StampOfAsync(app, user.Id);
        var removed = await anne.PostFormAsync("/account/security/remove-passkey", ("id", id),
            ("__RequestVerificationToken", await anne.AntiforgeryTokenAsync($"/account/security/remove-passkey?id={id}")));
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Empty(await PasskeysOfAsync(app, user.Id));
        // A new security stamp ends other sessions at their next check; this session was signed in again and goes on.
        Assert.NotEqual(stamp, await StampOfAsync(app, user.Id));
        Assert.Contains("Tilgangsnøkkelen er fjerna", await anne.GetStringAsync(PlatformPasskeys.SecurityPath));
        Assert.Equal(HttpStatusCode.OK, (await anne.GetAsync("/my-data")).StatusCode);
        var again = await Anonymous(app).PasskeySignInAsync(phone);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("Vi kjenner ikke igjen denne tilgangsnøkkelen", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_locked_out_patient_cannot_sign_in_with_a_passkey()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        var user = await app.Services.CreateUserAsync("anne@example.no", "Anne", DeliveryRoles.Patient);
        using var phone = new SoftwareAuthenticator();
        await (await app.SignedInClientAsync("anne@example.no")).AddPasskeyAsync(phone, "Mobil");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(user.Id))!, DateTimeOffset.UtcNow.AddMinutes(15));
        }

        var client = Anonymous(app);
        var response = await client.PasskeySignInAsync(phone);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Kontoen er sperret", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/my-data")).StatusCode);
    }

    [Fact]
    public async Task A_deactivated_therapist_signing_in_with_a_passkey_is_told_the_account_is_deactivated_not_locked()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        var user = await app.Services.CreateUserAsync("tone@example.no", "Tone", DeliveryRoles.Therapist);
        using var laptop = new SoftwareAuthenticator();
        Assert.Equal(HttpStatusCode.Redirect, (await (await app.SignedInClientAsync("tone@example.no")).AddPasskeyAsync(laptop, "Jobb-PC")).StatusCode);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // What the staff page's "Deactivate" does: a lockout without end (StaffLifecycle).
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(user.Id))!, DateTimeOffset.MaxValue);
        }

        var client = Anonymous(app);
        var html = await (await client.PasskeySignInAsync(laptop)).Content.ReadAsStringAsync();
        Assert.Contains("Kontoen er deaktivert", html);
        Assert.DoesNotContain("Kontoen er sperret", html);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/staff")).StatusCode);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_therapists_passkey_sign_in_is_the_second_factor_and_needs_no_authenticator_code(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await app.Services.CreateUserAsync("tone@example.no", "Tone", DeliveryRoles.Therapist);
        var tone = await app.SignedInClientAsync("tone@example.no"); // password and authenticator code
        using var laptop = new SoftwareAuthenticator();
        Assert.Equal(HttpStatusCode.Redirect, (await tone.AddPasskeyAsync(laptop, "Jobb-PC")).StatusCode);

        var later = Anonymous(app);
        Assert.Equal(HttpStatusCode.Redirect, (await later.PasskeySignInAsync(laptop)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await later.GetAsync("/staff")).StatusCode);
    }

    [Fact]
    public async Task A_therapist_without_an_authenticator_is_sent_to_enrol_and_gets_no_registration_options()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        var tone = await app.Services.CreateUserAsync("tone@example.no", "Tone", DeliveryRoles.Therapist);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>();
            await users.SetTwoFactorEnabledAsync((await users.FindByIdAsync(tone.Id))!, false);
        }
        var client = Anonymous(app);
        var token = await client.AntiforgeryTokenAsync("/account/login");
        await client.PostFormAsync("/account/login", ("email", "tone@example.no"), ("password", DeliveryKit.Password), ("__RequestVerificationToken", token));

        var page = await client.GetAsync(PlatformPasskeys.SecurityPath);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/account/enrol-2fa?returnUrl=%2Faccount%2Fsecurity", page.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PasskeyOptionsAsync("creation-options", "/account/login")).StatusCode);
    }

    private static HttpClient Anonymous(AppFactory<DeliveryApp> app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static async Task<string?> StampOfAsync(AppFactory<DeliveryApp> app, string userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>();
        return await users.GetSecurityStampAsync((await users.FindByIdAsync(userId))!);
    }

    private static async Task<IList<UserPasskeyInfo>> PasskeysOfAsync(AppFactory<DeliveryApp> app, string userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>();
        return await users.GetPasskeysAsync((await users.FindByIdAsync(userId))!);
    }
}
