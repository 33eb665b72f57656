using ContentPlatform.Shared.Hosting;
using Microsoft.AspNetCore.Identity;

namespace ContentPlatform.Cms.Identity;

/// <summary>`demo-accounts`: creates the Development demo staff (idempotent) and prints them with their passwords.</summary>
public static class DemoAccountsCommand
{
    public static async Task<int> RunAsync(WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            await Console.Error.WriteLineAsync("demo-accounts runs only in the Development environment.");
            return 2;
        }
        var accounts = app.Configuration.GetSection("Demo:Accounts").Get<DemoAccount[]>() ?? [];
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in StaffRoles.All)
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
                user = new StaffUser { UserName = account.Email, Email = account.Email, DisplayName = account.DisplayName, EmailConfirmed = true };
                Check(await users.CreateAsync(user, account.Password), account.Email);
            }
            foreach (var role in account.Roles)
            {
                if (!await users.IsInRoleAsync(user, role))
                {
                    Check(await users.AddToRoleAsync(user, role), account.Email);
                }
            }
            Console.WriteLine($"  Cms      {account.Email,-28} {account.Password,-22} {string.Join(", ", account.Roles)}");
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
