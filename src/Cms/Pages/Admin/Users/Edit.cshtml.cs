using ContentPlatform.Cms.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Cms.Pages.Admin.Users;

[Authorize(Policy = StaffRoles.Admin)]
public sealed class EditUserModel(UserManager<StaffUser> users, RoleManager<IdentityRole> roleManager, TimeProvider clock,
    IStringLocalizer<SharedResource> s) : PageModel
{
    public StaffUser Target { get; private set; } = null!;
    public IList<string> Roles { get; private set; } = [];
    public bool Locked { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRolesAsync(string id, string[]? roles)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        var chosen = (roles ?? []).Where(StaffRoles.All.Contains).Distinct().ToList();
        if (chosen.Count == 0)
        {
            Error = s["RoleRequired"];
            return Page();
        }
        if (IsSelf && !chosen.Contains(StaffRoles.Admin))
        {
            Error = s["CannotDropOwnAdmin"];
            return Page();
        }
        foreach (var role in chosen.Where(r => !Roles.Contains(r)))
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                await roleManager.CreateAsync(new IdentityRole(role));
            }
        }
        await users.RemoveFromRolesAsync(Target, Roles.Except(chosen));
        await users.AddToRolesAsync(Target, chosen.Except(Roles));
        await users.UpdateSecurityStampAsync(Target); // new roles apply at once, not at the next sign-in
        return Done(id, "RolesSaved");
    }

    public async Task<IActionResult> OnPostLockAsync(string id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        if (IsSelf)
        {
            Error = s["CannotLockSelf"];
            return Page();
        }
        await users.SetLockoutEnabledAsync(Target, true);
        await users.SetLockoutEndDateAsync(Target, DateTimeOffset.MaxValue);
        await users.UpdateSecurityStampAsync(Target); // ends the user's open sessions
        return Done(id, "UserLocked");
    }

    public async Task<IActionResult> OnPostUnlockAsync(string id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        await users.SetLockoutEndDateAsync(Target, null);
        await users.ResetAccessFailedCountAsync(Target);
        return Done(id, "UserUnlocked");
    }

    /// <summary>For a lost phone: the user signs in with the password and must enrol a new authenticator.</summary>
    public async Task<IActionResult> OnPostReset2faAsync(string id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        await users.SetTwoFactorEnabledAsync(Target, false);
        await users.ResetAuthenticatorKeyAsync(Target);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(Target, 0);
        // Passkeys go too: a reset is for a lost or stolen device, and one may hold a passkey.
        foreach (var passkey in await users.GetPasskeysAsync(Target))
        {
            await users.RemovePasskeyAsync(Target, passkey.CredentialId);
        }
        await users.UpdateSecurityStampAsync(Target);
        return Done(id, "TwoFactorReset");
    }

    private bool IsSelf => users.GetUserId(User) == Target.Id;

    private RedirectToPageResult Done(string id, string message)
    {
        TempData["Message"] = message;
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(string id)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return false;
        }
        Target = user;
        Roles = await users.GetRolesAsync(user);
        Locked = user.LockoutEnd is { } end && end > clock.GetUtcNow();
        if (TempData["Message"] is string key)
        {
            Message = s[key];
        }
        return true;
    }
}
