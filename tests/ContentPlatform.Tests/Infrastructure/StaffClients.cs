using System.Net;
using ContentPlatform.Cms;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ContentPlatform.Tests.Infrastructure;

public static class StaffClients
{
    public const string Password = "staff passphrase 2026";

    /// <summary>
    /// An HttpClient signed in to the Cms as a new staff user with the given roles, through the real login form and the
    /// authenticator-code step (staff must have a second factor).
    /// </summary>
    public static async Task<HttpClient> SignedInAsync(this AppFactory<CmsApp> app, string email, params string[] roles)
    {
        var key = await StaffAccounts.CreateAsync(app.Services, email, email.Split('@')[0], Password, enrol: true, roles);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await StaffAccounts.SignInAsync(client, email, Password, key!);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}
