using System.Net;
using System.Text.RegularExpressions;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Delivery;

/// <summary>Staff in care see health data: password plus a mandatory second factor. Patients may add one.</summary>
public sealed partial class StaffSignInTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_therapist_without_a_second_factor_reaches_no_staff_page_or_api_until_enrolled(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (tone, _, enrollment) = await app.Services.CareTeamAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>();
            await users.SetTwoFactorEnabledAsync((await users.FindByIdAsync(tone.Id))!, false);
        }
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nn");
        var token = await client.AntiforgeryTokenAsync("/account/login");
        await client.PostFormAsync("/account/login", ("email", "tone@example.no"), ("password", DeliveryKit.Password), ("__RequestVerificationToken", token));

        var page = await client.GetAsync("/staff/enrol");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/account/enrol-2fa?returnUrl=%2Fstaff%2Fenrol", page.Headers.Location?.OriginalString);
        using var open = new HttpRequestMessage(HttpMethod.Post, $"/api/staff/enrollments/{Guid.NewGuid()}/modules/m1/open");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(open)).StatusCode);
        // Her own patient's thread and record are out of reach too (the message API and hub ask for the second factor).
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/messages/{enrollment}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync($"/staff/patients/{enrollment}")).StatusCode);

        // Enrol: the QR page, a wrong code refused in the user's language, the right one goes on to where they were going.
        var enrolPage = await client.GetStringAsync("/account/enrol-2fa?returnUrl=%2Fstaff%2Fenrol");
        Assert.Contains("data:image/png;base64,", enrolPage);
        var key = KeyPattern().Match(enrolPage).Groups[1].Value;
        var wrong = await client.PostFormAsync("/account/enrol-2fa", ("code", "000000"), ("returnUrl", "/staff/enrol"),
            ("__RequestVerificationToken", Token(enrolPage)));
        var wrongHtml = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("Koden stemmer ikkje", wrongHtml);
        var done = await client.PostFormAsync("/account/enrol-2fa", ("code", Totp.Code(key)), ("returnUrl", "/staff/enrol"),
            ("__RequestVerificationToken", Token(wrongHtml)));
        var doneHtml = await done.Content.ReadAsStringAsync();
        Assert.Contains("Gjenopprettingskodar", doneHtml);
        Assert.Contains("href=\"/staff/enrol\"", doneHtml);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/staff/enrol")).StatusCode);
    }

    [Fact]
    public async Task An_enrolled_therapist_needs_the_authenticator_code_after_the_password()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.CreateUserAsync("tone@example.no", "Tone", DeliveryRoles.Therapist);
        var key = (await app.Services.AuthenticatorKeyAsync("tone@example.no"))!;
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = await client.AntiforgeryTokenAsync("/account/login");
        var login = await client.PostFormAsync("/account/login", ("email", "tone@example.no"), ("password", DeliveryKit.Password),
            ("returnUrl", "/staff/enrol"), ("__RequestVerificationToken", token));
        Assert.Equal("/account/login-2fa?returnUrl=%2Fstaff%2Fenrol", login.Headers.Location?.OriginalString);

        // Between the steps the user is not signed in at all.
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/staff/enrol")).StatusCode);
        var form = await client.GetStringAsync("/account/login-2fa?returnUrl=%2Fstaff%2Fenrol");
        var wrong = await client.PostFormAsync("/account/login-2fa", ("code", "12345"), ("returnUrl", "/staff/enrol"),
            ("__RequestVerificationToken", Token(form)));
        var wrongHtml = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("Koden stemmer ikke", wrongHtml);
        var ok = await client.PostFormAsync("/account/login-2fa", ("code", Totp.Code(key)), ("returnUrl", "/staff/enrol"),
            ("__RequestVerificationToken", Token(wrongHtml)));
        Assert.Equal("/staff/enrol", ok.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/staff/enrol")).StatusCode);
    }

    [Fact]
    public async Task A_patient_signs_in_with_a_password_and_may_choose_a_second_factor()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.CreateUserAsync("anne@example.no", "Anne", DeliveryRoles.Patient);
        var client = await app.SignedInClientAsync("anne@example.no");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Contains("href=\"/account/enrol-2fa?returnUrl=%2Fmy-data\"", await client.GetStringAsync("/my-data"));
        var enrolPage = await client.GetStringAsync("/account/enrol-2fa?returnUrl=%2Fmy-data");
        Assert.Contains("data:image/png;base64,", enrolPage);
        var done = await client.PostFormAsync("/account/enrol-2fa", ("code", Totp.Code(KeyPattern().Match(enrolPage).Groups[1].Value)),
            ("returnUrl", "/my-data"), ("__RequestVerificationToken", Token(enrolPage)));
        Assert.Contains("Gjenopprettingskoder", await done.Content.ReadAsStringAsync());
        Assert.Contains("Totrinnsinnlogging er slått på for kontoen din.", await client.GetStringAsync("/my-data"));

        // From now on her sign-in asks for the code too.
        var fresh = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await fresh.PostFormAsync("/account/login", ("email", "anne@example.no"), ("password", DeliveryKit.Password),
            ("__RequestVerificationToken", await fresh.AntiforgeryTokenAsync("/account/login")));
        Assert.StartsWith("/account/login-2fa", login.Headers.Location?.OriginalString);
    }

    private static string Token(string html) => WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);

    [GeneratedRegex("data-key=\"([A-Z2-7]+)\"")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
