using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Platform.Hosting;

/// <summary>
/// The second step of signing in, the same in both apps: an authenticator code, or one of the recovery codes. Each app
/// derives its page model from this and keeps its own markup and strings.
/// </summary>
public abstract class LoginWith2faPageModel<TUser>(SignInManager<TUser> signIn, IStringLocalizer s) : PageModel where TUser : class
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

/// <summary>
/// Authenticator enrolment: QR code and typed key, a code to prove it works, then recovery codes shown once. Proving
/// the code marks the session as two-factor, so the user goes on without signing in again.
/// </summary>
public abstract class Enrol2faPageModel<TUser>(UserManager<TUser> users, SignInManager<TUser> signIn, IStringLocalizer s, string issuer)
    : PageModel where TUser : class
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
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        if (await users.GetTwoFactorEnabledAsync(user))
        {
            return await AlreadyEnrolledAsync();
        }
        await LoadKeyAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? code, string? returnUrl)
    {
        ReturnUrl = returnUrl;
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        if (await users.GetTwoFactorEnabledAsync(user))
        {
            return await AlreadyEnrolledAsync();
        }
        var digits = new string((code ?? "").Where(char.IsDigit).ToArray());
        if (digits.Length != 6 ||
            !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits))
        {
            Error = s["AuthenticatorCodeWrong"];
            await LoadKeyAsync(user);
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [SecondFactor.Claim]);
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
        await signIn.SignOutAsync();
        return LocalRedirect("/account/login?returnUrl=" + Uri.EscapeDataString(ContinueUrl));
    }

    private async Task LoadKeyAsync(TUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? "";
        }
        Key = key;
        QrDataUri = AuthenticatorEnrolment.QrDataUri(AuthenticatorEnrolment.Uri(issuer, await users.GetEmailAsync(user) ?? "", key));
    }
}
