using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ContentPlatform.Platform.Hosting;

/// <summary>
/// Section "Demo:Accounts" (only in appsettings.Development.json): accounts for trying the platform locally.
/// </summary>
public sealed class DemoAccount
{
    public string Email { get; set; } = "";
    public string Password { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string[] Roles { get; set; } = [];

    /// <summary>The demo HelseID person (tools/DemoIdp/TestPersons.cs) this account is bound to, so "Logg inn med HelseID" works.</summary>
    public string HelseIdSubject { get; set; } = "";

    /// <summary>The demo ID-porten person's national id number (tools/DemoIdp/TestPersons.cs) this patient account is
    /// bound to, so "Logg inn med ID-porten" as that person reaches it; the app decides how it keeps the number.</summary>
    public string IdPortenPid { get; set; } = "";
}

/// <summary>`demo-accounts`: creates the demo accounts (idempotent) and prints them with their passwords. Development only.</summary>
public static class DemoAccountsCommand
{
    /// <param name="nationalLogin">The app's own login for an account's <see cref="DemoAccount.IdPortenPid"/>, if it has one.</param>
    public static async Task<int> RunAsync<TUser>(WebApplication app, string appLabel, IEnumerable<string> roleNames,
        Func<DemoAccount, TUser> create, Func<DemoAccount, UserLoginInfo?>? nationalLogin = null)
        where TUser : IdentityUser
    {
        if (!app.Environment.IsDevelopment())
        {
            await Console.Error.WriteLineAsync("demo-accounts runs only in the Development environment.");
            return 2;
        }
        var accounts = app.Configuration.GetSection("Demo:Accounts").Get<DemoAccount[]>() ?? [];
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in roleNames)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), role);
            }
        }
        foreach (var account in accounts)
        {
            var user = await users.FindByEmailAsync(account.Email);
            if (user is null)
            {
                user = create(account);
                Check(await users.CreateAsync(user, account.Password), account.Email);
            }
            foreach (var role in account.Roles)
            {
                if (!await users.IsInRoleAsync(user, role))
                {
                    Check(await users.AddToRoleAsync(user, role), account.Email);
                }
            }
            if (account.HelseIdSubject.Length > 0 && await users.FindByLoginAsync("helseid", account.HelseIdSubject) is null)
            {
                Check(await users.AddLoginAsync(user, new UserLoginInfo("helseid", account.HelseIdSubject, "HelseID")), account.Email);
            }
            if (nationalLogin?.Invoke(account) is { } login && await users.FindByLoginAsync(login.LoginProvider, login.ProviderKey) is null)
            {
                Check(await users.AddLoginAsync(user, login), account.Email);
            }
            Console.WriteLine($"  {appLabel,-9}{account.Email,-24}{account.Password,-26}{string.Join(", ", account.Roles)}");
        }
        return 0;
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
