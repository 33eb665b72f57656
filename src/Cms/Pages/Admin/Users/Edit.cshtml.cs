using ContentPlatform.Cms.Identity;
using ContentPlatform.Platform.StaffAdmin;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Cms.Pages.Admin.Users;

[Authorize(Policy = StaffRoles.Admin)]
public sealed class EditUserModel(UserManager<StaffUser> users, StaffLifecycle<StaffUser> lifecycle, IStringLocalizer<SharedResource> s) : PageModel
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
        // An admin cannot drop their own admin role (above), so the last active admin cannot be demoted either.
        await lifecycle.SetRolesAsync(Target, chosen, StaffRoles.All, await ActorAsync());
        return Done(id, "RolesSaved");
    }

    /// <summary>Deactivation (Platform's StaffLifecycle): sign-in refused, sessions and live connections ended at once.</summary>
    public async Task<IActionResult> OnPostDeactivateAsync(string id)
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
        // Nobody can deactivate themselves, so the last active admin cannot be deactivated either.
        await lifecycle.DeactivateAsync(Target, await ActorAsync());
        return Done(id, "UserDeactivated");
    }

    public async Task<IActionResult> OnPostReactivateAsync(string id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        await lifecycle.ReactivateAsync(Target, await ActorAsync());
        return Done(id, "UserReactivated");
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
        await lifecycle.RecordAsync(await ActorAsync(), StaffAuditActions.SecondFactorReset, Target, "");
        return Done(id, "TwoFactorReset");
    }

    private bool IsSelf => users.GetUserId(User) == Target.Id;

    private async Task<StaffActor> ActorAsync()
    {
        var me = await users.GetUserAsync(User);
        return new StaffActor(me!.Id, me.DisplayName);
    }

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
        Locked = StaffLifecycle.IsDeactivated(user);
        if (TempData["Message"] is string key)
        {
            Message = s[key];
        }
        return true;
    }
}
