using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ContentPlatform.Platform.ExternalLogin;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Platform.Hosting;

/// <summary>Sign-in with e-mail and password, or with a passkey; the same page in both apps (Pages/Account/Login.cshtml).</summary>
public sealed class LoginModel(PlatformAccounts accounts, IStringLocalizer<SharedResource> s,
    ConfiguredProviders providers,
    PasswordSignInOptions passwords) : PageModel
{
    /// <summary>The national sign-in buttons: only for a provider this app has configured.</summary>
    public ConfiguredProviders Providers => providers;
    public bool PasswordsAllowed => passwords.Enabled;

    public string? Email { get; private set; }
    public string? ReturnUrl { get; private set; }
    public string? Error { get; private set; }

    public void OnGet(string? returnUrl, string? external)
    {
        ReturnUrl = returnUrl;
        // A national sign-in that was refused comes back here with a short code (ExternalRefusals), never the reason itself.
        if (ExternalRefusals.StringKey(external) is { } key)
        {
            Error = s[key];
        }
    }

    public async Task<IActionResult> OnPostAsync(string? email, string? password, string? returnUrl)
    {
        Email = email;
        ReturnUrl = returnUrl;
        if (!passwords.Enabled)
        {
            Error = s["PasswordSignInOff"];
            return Page();
        }
        if (string.IsNullOrWhiteSpace(email))
        {
            Error = s["EmailRequired"];
            return Page();
        }
        if (string.IsNullOrEmpty(password))
        {
            Error = s["PasswordRequired"];
            return Page();
        }
        var result = await accounts.PasswordSignInAsync(email.Trim(), password);
        if (result.Succeeded)
        {
            return LocalRedirect(CultureSwitch.IsLocalUrl(returnUrl) ? returnUrl! : "/");
        }
        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Account/LoginWith2fa", new { returnUrl = CultureSwitch.IsLocalUrl(returnUrl) ? returnUrl : null });
        }
        Error = s[await accounts.PasswordRefusalAsync(result, email.Trim(), password)];
        return Page();
    }

    /// <summary>A passkey is a full multi-factor sign-in: no authenticator code after it.</summary>
    public async Task<IActionResult> OnPostPasskeyAsync(string? credential, string? returnUrl)
    {
        ReturnUrl = returnUrl;
        var outcome = await accounts.PasskeySignInAsync(credential);
        if (outcome == PasskeySignInOutcome.SignedIn)
        {
            return LocalRedirect(CultureSwitch.IsLocalUrl(returnUrl) ? returnUrl! : "/");
        }
        Error = s[PlatformAccounts.PasskeyRefusal(outcome)];
        return Page();
    }
}
