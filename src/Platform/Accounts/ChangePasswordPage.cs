using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Platform.Accounts;

/// <summary>
/// Change password on /account/security/password (linked from the security page). Under the /Security folder, so each
/// app's policy for that folder applies. Errors are Identity's codes turned into nb/nn sentences; nothing changes on error.
/// </summary>
public sealed class ChangePasswordModel(PlatformAccounts accounts, PasswordSelfService service, IStringLocalizer<SharedResource> s) : PageModel
{
    public List<string> Errors { get; } = [];
    public bool Done { get; private set; }

    public async Task<IActionResult> OnPostAsync(string? current, string? password)
    {
        if (await accounts.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        if (string.IsNullOrEmpty(current))
        {
            Errors.Add(s["CurrentPasswordRequired"]);
        }
        if (string.IsNullOrEmpty(password) || password.Length < 12)
        {
            Errors.Add(s["PasswordTooShort"]);
        }
        if (Errors.Count == 0)
        {
            var result = await service.ChangeAsync(user, current!, password!);
            if (result.Succeeded)
            {
                await accounts.RefreshSignInAsync(user); // the renewed stamp ended every other session; this one goes on
                Done = true;
                return Page();
            }
            Errors.AddRange(result.Errors.Select(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)
                ? s["CurrentPasswordWrong"].Value : s["PasswordRejected"].Value).Distinct());
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
