using System.Net;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ContentPlatform.Tests.Accounts;

/// <summary>Change password on /account/security/password: Identity's rules, localized errors, other sessions ended.</summary>
public sealed class ChangePasswordTests
{
    private const string Page = "/account/security/password";

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_wrong_current_password_is_refused_in_Norwegian_and_changes_nothing(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await app.Services.CreateUserAsync("kari@example.no", "Kari", "patient");
        using var kari = await app.SignedInClientAsync("kari@example.no", "nn");

        Assert.Contains(Page, await kari.GetStringAsync("/account/security"), StringComparison.Ordinal);
        var refused = await ChangeAsync(kari, "not my password at all", "a brand new passphrase");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Det noverande passordet er feil. Passordet er ikkje endra.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(app, DeliveryKit.Password)).StatusCode);
    }

    [Fact]
    public async Task A_changed_password_replaces_the_old_one_keeps_this_session_and_ends_the_others()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.CreateUserAsync("kari@example.no", "Kari", "patient");
        using var laptop = await app.SignedInClientAsync("kari@example.no");
        using var phone = await app.SignedInClientAsync("kari@example.no");

        var changed = await ChangeAsync(laptop, DeliveryKit.Password, "a brand new passphrase");

        Assert.Contains("Passordet er endret.", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/account/security")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/account/security")).StatusCode); // to the sign-in page
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(app, "a brand new passphrase")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(app, DeliveryKit.Password)).StatusCode); // the form again, with an error
    }

    private static async Task<HttpResponseMessage> ChangeAsync(HttpClient client, string current, string password) =>
        await client.PostFormAsync(Page, ("current", current), ("password", password),
            ("__RequestVerificationToken", await client.AntiforgeryTokenAsync(Page)));

    private static async Task<HttpResponseMessage> SignInAsync<T>(AppFactory<T> app, string password) where T : class
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return await client.PostFormAsync("/account/login", ("email", "kari@example.no"), ("password", password),
            ("__RequestVerificationToken", await client.AntiforgeryTokenAsync("/account/login")));
    }
}
