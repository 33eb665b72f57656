using System.Net;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.ExternalLogin;

/// <summary>Authentication:PasswordSignIn turns passwords off for the app or for some roles (national sign-in instead).</summary>
public sealed class PasswordSignInSettingsTests
{
    [Fact]
    public async Task With_password_sign_in_off_the_form_is_gone_and_a_posted_password_is_refused()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite, new Dictionary<string, string?> { ["Authentication:PasswordSignIn:Enabled"] = "false" });
        await app.Services.CreateUserAsync("anne@example.no", "Anne", DeliveryRoles.Patient);
        var client = app.Browser();
        var page = await client.GetStringAsync("/account/login");
        Assert.DoesNotContain("name=\"password\"", page);

        var token = await client.AntiforgeryTokenAsync("/account/login");
        var posted = await client.PostFormAsync("/account/login", ("email", "anne@example.no"), ("password", DeliveryKit.Password),
            ("__RequestVerificationToken", token));

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("Innlogging med passord er slått av", WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Password_sign_in_off_for_a_role_refuses_that_role_and_lets_others_in()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite, new Dictionary<string, string?>
        {
            ["Authentication:PasswordSignIn:DisabledForRoles:0"] = DeliveryRoles.Therapist,
        });
        await app.Services.CreateUserAsync("terje@example.no", "Terje", DeliveryRoles.Therapist);
        await app.Services.CreateUserAsync("anne@example.no", "Anne", DeliveryRoles.Patient);
        var client = app.Browser();
        var token = await client.AntiforgeryTokenAsync("/account/login");

        var therapist = await client.PostFormAsync("/account/login", ("email", "terje@example.no"), ("password", DeliveryKit.Password),
            ("__RequestVerificationToken", token));
        var patient = await client.PostFormAsync("/account/login", ("email", "anne@example.no"), ("password", DeliveryKit.Password),
            ("__RequestVerificationToken", token));

        Assert.Contains("Innlogging med passord er slått av", WebUtility.HtmlDecode(await therapist.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, patient.StatusCode);
    }
}
