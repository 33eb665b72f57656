using ContentPlatform.Cms.Identity;
using ContentPlatform.Shared.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Cms.Pages.Account;

/// <summary>The second step of signing in: an authenticator code, or one of the recovery codes.</summary>
public sealed class LoginWith2faModel(SignInManager<StaffUser> signIn, IStringLocalizer<SharedResource> s) : PageModel
{
    public string? ReturnUrl { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? returnUrl)
    {
        ReturnUrl = returnUrl;
        return await signIn.GetTwoFactorAuthenticationUserAsync() is null ? LocalRedirect("/account/login") : Page();
    }

    public async Task<IActionResult> OnPostAsync(string? code, string? returnUrl)
    {
        ReturnUrl = returnUrl;
        var digits = new string((code ?? "").Where(char.IsDigit).ToArray());
        if (digits.Length != 6)
        {
            Error = s["AuthenticatorCodeWrong"];
            return Page();
        }
        return Outcome(await signIn.TwoFactorAuthenticatorSignInAsync(digits, isPersistent: false, rememberClient: false));
    }

    public async Task<IActionResult> OnPostRecoveryAsync(string? recoveryCode, string? returnUrl)
    {
        ReturnUrl = returnUrl;
        if (string.IsNullOrWhiteSpace(recoveryCode))
        {
            Error = s["RecoveryCodeWrong"];
            return Page();
        }
        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(recoveryCode.Replace(" ", "", StringComparison.Ordinal).Trim());
        if (!result.Succeeded && !result.IsLockedOut)
        {
            Error = s["RecoveryCodeWrong"];
            return Page();
        }
        return Outcome(result);
    }

    private IActionResult Outcome(Microsoft.AspNetCore.Identity.SignInResult result)
    {
        if (result.Succeeded)
        {
            return LocalRedirect(CultureSwitch.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
        Error = result.IsLockedOut ? s["LockedOut"] : s["AuthenticatorCodeWrong"];
        return Page();
    }
}
