using System.Net;
using ContentPlatform.Cms;
using ContentPlatform.Cms.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Infrastructure;

public static class StaffClients
{
    public const string Password = "staff passphrase 2026";

    /// <summary>An HttpClient signed in to the Cms as a new staff user with the given roles, through the real login form.</summary>
    public static async Task<HttpClient> SignedInAsync(this AppFactory<CmsApp> app, string email, params string[] roles)
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var roleManager = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            var user = new StaffUser { UserName = email, Email = email, DisplayName = email.Split('@')[0], EmailConfirmed = true };
            var created = await users.CreateAsync(user, Password);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
            foreach (var role in roles)
            {
                if (!await roleManager.RoleExistsAsync(role))
                {
                    await roleManager.CreateAsync(new IdentityRole(role));
                }
                await users.AddToRoleAsync(user, role);
            }
        }
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var token = await client.AntiforgeryTokenAsync("/account/login");
        var response = await client.PostFormAsync("/account/login", ("email", email), ("password", Password), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}
