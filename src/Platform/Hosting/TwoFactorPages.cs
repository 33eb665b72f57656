using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Platform.Hosting;

/// <summary>
/// The second step of signing in, the same in both apps (Pages/Account/LoginWith2fa.cshtml): an authenticator code, or
/// one of the recovery codes.
/// </summary>
public sealed class LoginWith2faModel(PlatformAccounts accounts, IStringLocalizer<SharedResource> s) : PageModel
{
    public string? ReturnUrl { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? returnUrl)
    {
        ReturnUrl = returnUrl;
        return await accounts.HasTwoFactorSignInUnderWayAsync() ? Page() : LocalRedirect("/account/login");
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
        return Outcome(await accounts.AuthenticatorSignInAsync(digits));
    }

    public async Task<IActionResult> OnPostRecoveryAsync(string? recoveryCode, string? returnUrl)
    {
        ReturnUrl = returnUrl;
        if (string.IsNullOrWhiteSpace(recoveryCode))
        {
            Error = s["RecoveryCodeWrong"];
            return Page();
        }
        var result = await accounts.RecoveryCodeSignInAsync(recoveryCode.Replace(" ", "", StringComparison.Ordinal).Trim());
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

/// <summary>
/// Authenticator enrolment: QR code and typed key, a code to prove it works, then recovery codes shown once. Proving
/// the code marks the session as two-factor, so the user goes on without signing in again.
/// </summary>
public sealed class Enrol2faModel(PlatformAccounts accounts, IStringLocalizer<SharedResource> s) : PageModel
{
    public string Key { get; private set; } = "";
    public string ReadableKey => AuthenticatorEnrolment.Readable(Key);
    public string QrDataUri { get; private set; } = "";
    public string? Error { get; private set; }
    public string? ReturnUrl { get; private set; }
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }
    public string ContinueUrl => CultureSwitch.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";

    public async Task<IActionResult> OnGetAsync(string? returnUrl)
    {
        ReturnUrl = returnUrl;
        var user = await accounts.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        if (await accounts.GetTwoFactorEnabledAsync(user))
        {
            return await AlreadyEnrolledAsync();
        }
        await LoadKeyAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? code, string? returnUrl)
    {
        ReturnUrl = returnUrl;
        var user = await accounts.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        if (await accounts.GetTwoFactorEnabledAsync(user))
        {
            return await AlreadyEnrolledAsync();
        }
        var digits = new string((code ?? "").Where(char.IsDigit).ToArray());
        if (digits.Length != 6 ||
            !await accounts.VerifyAuthenticatorCodeAsync(user, digits))
        {
            Error = s["AuthenticatorCodeWrong"];
            await LoadKeyAsync(user);
            return Page();
        }
        RecoveryCodes = await accounts.EnableTwoFactorAsync(user);
        await accounts.SignInWithSecondFactorAsync(user);
        return Page();
    }

    /// <summary>
    /// Enrolled, but this session never showed a code (it began before enrolment, e.g. in another tab): sign in again
    /// properly rather than trusting it.
    /// </summary>
    private async Task<IActionResult> AlreadyEnrolledAsync()
    {
        if (User.HasSecondFactor())
        {
            return LocalRedirect(ContinueUrl);
        }
        await accounts.SignOutAsync();
        return LocalRedirect("/account/login?returnUrl=" + Uri.EscapeDataString(ContinueUrl));
    }

    private async Task LoadKeyAsync(IdentityUser user)
    {
        var key = await accounts.AuthenticatorKeyAsync(user);
        Key = key;
        QrDataUri = AuthenticatorEnrolment.QrDataUri(AuthenticatorEnrolment.Uri(accounts.AuthenticatorIssuer, await accounts.GetEmailAsync(user) ?? "", key));
    }
}
