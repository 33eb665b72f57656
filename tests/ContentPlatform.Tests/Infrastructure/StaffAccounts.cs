using System.Net;
using System.Text.RegularExpressions;
using ContentPlatform.Cms.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Infrastructure;

/// <summary>Cms staff accounts for tests: created with a password and, unless asked not to, an enrolled authenticator.</summary>
public static partial class StaffAccounts
{
    /// <summary>Creates the user (if new) and returns its authenticator key (null when <paramref name="enrol"/> is false).</summary>
    public static async Task<string?> CreateAsync(IServiceProvider services, string email, string name, string password, bool enrol,
        params string[] roles)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var roleManager = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new StaffUser { UserName = email, Email = email, DisplayName = name, EmailConfirmed = true };
            Check(await users.CreateAsync(user, password));
            foreach (var role in roles)
            {
                if (!await roleManager.RoleExistsAsync(role))
                {
                    await roleManager.CreateAsync(new IdentityRole(role));
                }
                Check(await users.AddToRoleAsync(user, role));
            }
        }
        if (!enrol)
        {
            return null;
        }
        if (!user.TwoFactorEnabled)
        {
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        return await users.GetAuthenticatorKeyAsync(user);
    }

    /// <summary>Signs in over HTTP as a browser would: password, then the authenticator code.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password, string key)
    {
        var token = await client.AntiforgeryTokenAsync("/account/login");
        var first = await client.PostFormAsync("/account/login", ("email", email), ("password", password), ("__RequestVerificationToken", token));
        var path = first.RequestMessage!.RequestUri!.PathAndQuery;
        var html = await first.Content.ReadAsStringAsync();
        if (first.Headers.Location is { } location)
        {
            path = location.OriginalString;
            html = await client.GetStringAsync(path);
        }
        var second = TokenPattern().Match(html);
        if (!second.Success)
        {
            throw new InvalidOperationException("no second-factor form after the password: " + first.RequestMessage?.RequestUri);
        }
        return await client.PostFormAsync(path, ("code", Totp.Code(key)),
            ("__RequestVerificationToken", WebUtility.HtmlDecode(second.Groups[1].Value)));
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
