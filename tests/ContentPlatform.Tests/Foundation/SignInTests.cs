using System.Net;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Foundation;

public sealed class SignInTests
{
    private const string Password = "correct horse battery";

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_editor_signs_in_to_the_Cms_with_password_and_authenticator_code_and_sees_the_dashboard(Db db)
    {
        await using var app = await Apps.CmsAsync(db);
        var key = await StaffAccounts.CreateAsync(app.Services, "eli@example.no", "Eli", Password, enrol: true, StaffRoles.Editor);
        var client = app.CreateClient();

        var response = await StaffAccounts.SignInAsync(client, "eli@example.no", Password, key!);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Velkommen, Eli", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_Cms_sends_anonymous_visitors_to_sign_in()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var response = await app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location?.PathAndQuery ?? response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_wrong_password_gets_a_localized_message_and_five_lock_the_account()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await CreatePatientAsync(app.Services, "anne@example.no");
        var client = app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nn");

        string html = "";
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var token = await client.AntiforgeryTokenAsync("/account/login");
            var response = await client.PostFormAsync("/account/login",
                ("email", "anne@example.no"), ("password", "wrong password!"), ("__RequestVerificationToken", token));
            html = await response.Content.ReadAsStringAsync();
            if (attempt < 5)
            {
                Assert.Contains("E-postadressa eller passordet stemmer ikkje", html);
            }
        }
        Assert.Contains("Kontoen er sperra i 15 minutt", html);

        // Locked even with the right password now.
        var last = await client.AntiforgeryTokenAsync("/account/login");
        var locked = await client.PostFormAsync("/account/login",
            ("email", "anne@example.no"), ("password", Password), ("__RequestVerificationToken", last));
        Assert.Contains("Kontoen er sperra", await locked.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_sign_in_form_without_its_antiforgery_token_is_refused()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await CreatePatientAsync(app.Services, "anne@example.no");
        var client = app.CreateClient();
        var response = await client.PostFormAsync("/account/login", ("email", "anne@example.no"), ("password", Password));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    internal static async Task CreateStaffAsync(IServiceProvider services, string email, string name, params string[] roles)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var roleManager = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        var user = new StaffUser { UserName = email, Email = email, DisplayName = name };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        foreach (var role in roles)
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                await roleManager.CreateAsync(new IdentityRole(role));
            }
            await users.AddToRoleAsync(user, role);
        }
    }

    internal static async Task CreatePatientAsync(IServiceProvider services, string email)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>();
        var roleManager = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roleManager.RoleExistsAsync(DeliveryRoles.Patient))
        {
            await roleManager.CreateAsync(new IdentityRole(DeliveryRoles.Patient));
        }
        var user = new DeliveryUser { UserName = email, Email = email, DisplayName = "Anne" };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        await users.AddToRoleAsync(user, DeliveryRoles.Patient);
    }
}
