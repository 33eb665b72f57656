using ContentPlatform.Platform.Sessions;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Platform.Hosting;

/// <summary>A passkey as the security page lists it.</summary>
public sealed record PasskeyRow(string Id, string Name, DateTimeOffset CreatedAt, bool IsBackedUp)
;

/// <summary>
/// The signed-in user's security page: the passkeys with name and date, adding one (the script runs the browser's
/// ceremony and posts the credential with the chosen name), renaming. Removing has its own confirmation page. Each app
/// puts its authorization policy on the /Security folder (a convention in its page setup).
/// </summary>
public sealed class SecurityModel(PlatformAccounts accounts, IStringLocalizer<SharedResource> s, LoginSessions sessions,
    IOptionsMonitor<CookieAuthenticationOptions> cookies) : PageModel
{
    /// <summary>The user's own live sessions (<see cref="LoginSession"/>), newest first.</summary>
    public IReadOnlyList<LoginSession> OwnSessions { get; private set; } = [];

    /// <summary>This browser's session, marked "this device" and offered no revoke button (signing out is that).</summary>
    public string? CurrentSession { get; private set; }

    public IReadOnlyList<PasskeyRow> Passkeys { get; private set; } = [];
    public bool TwoFactorEnabled { get; private set; }

    /// <summary>Why a passkey cannot be added now, or null.</summary>
    public string? AddRefusal { get; private set; }

    public string? Error { get; private set; }
    public string? Message { get; private set; }
    public string? Name { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await accounts.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        if (TempData["PasskeyMessage"] is string key)
        {
            Message = s[key];
        }
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(string? name, string? credential)
    {
        if (await accounts.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        Name = name?.Trim();
        if (await accounts.PasskeyRefusalAsync(user, User, s) is { } refusal)
        {
            Error = refusal;
        }
        else if (NameProblem(Name) is { } problem)
        {
            Error = problem;
        }
        else if (string.IsNullOrWhiteSpace(credential) || credential.Length > PlatformPasskeys.MaxCredentialLength)
        {
            Error = s["PasskeyNotCreated"];
        }
        else
        {
            Error = await AddAsync(user, Name!, credential);
            if (Error is null)
            {
                return Done("PasskeyAdded");
            }
        }
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostRenameAsync(string? id, string? name)
    {
        if (await accounts.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        // Someone else's passkey is the same 404 as one that does not exist.
        if (PlatformPasskeys.DecodeId(id) is not { } credentialId || await accounts.GetPasskeyAsync(user, credentialId) is not { } passkey)
        {
            return NotFound();
        }
        if (NameProblem(name?.Trim()) is { } problem)
        {
            Error = problem;
            await LoadAsync(user);
            return Page();
        }
        passkey.Name = name!.Trim();
        Check(await accounts.AddOrUpdatePasskeyAsync(user, passkey));
        return Done("PasskeyRenamed");
    }

    /// <summary>
    /// "Sign out on other devices" (a lost phone, a shared computer): a new security stamp ends every other session at its
    /// next request and closes its live connections on every instance (<see cref="RevokingUserManager{TUser}"/>); this
    /// session is signed in again with the new stamp and goes on.
    /// </summary>
    public async Task<IActionResult> OnPostSignOutOthersAsync()
    {
        if (await accounts.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        Check(await accounts.UpdateSecurityStampAsync(user));
        await accounts.RefreshSignInAsync(user);
        await sessions.EndOthersAsync(await accounts.GetUserIdAsync(user), await LoginSessionCookie.CurrentAsync(HttpContext),
            HttpContext.RequestAborted);
        return Done("SignedOutOthers");
    }

    /// <summary>
    /// Ends one of the user's own sessions: its cookie is refused at its next request and its live connections close, on
    /// every instance. Another user's session id is the same 404 as one that does not exist.
    /// </summary>
    public async Task<IActionResult> OnPostEndSessionAsync(string? id)
    {
        if (await accounts.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        if (string.IsNullOrEmpty(id) || !await sessions.EndAsync(await accounts.GetUserIdAsync(user), id, HttpContext.RequestAborted))
        {
            return NotFound();
        }
        if (id == await LoginSessionCookie.CurrentAsync(HttpContext))
        {
            await accounts.SignOutAsync();
            return LocalRedirect("/account/login");
        }
        return Done("SessionEnded");
    }

    private async Task<string?> AddAsync(IdentityUser user, string name, string credential)
    {
        PasskeyAttestationResult attestation;
        try
        {
            attestation = await accounts.PerformPasskeyAttestationAsync(credential);
        }
        catch (InvalidOperationException)
        {
            return s["PasskeyTryAgain"]; // no ceremony under way in this browser (expired, or the page was reloaded)
        }
        // The ceremony must have been started for this very user (not in another tab before switching accounts).
        if (!attestation.Succeeded || attestation.UserEntity.Id != await accounts.GetUserIdAsync(user))
        {
            return s["PasskeyNotCreated"];
        }
        if (await accounts.PasskeyInUseAsync(attestation.Passkey.CredentialId))
        {
            return s["PasskeyAlreadyAdded"];
        }
        attestation.Passkey.Name = name;
        Check(await accounts.AddOrUpdatePasskeyAsync(user, attestation.Passkey));
        return null;
    }

    private string? NameProblem(string? name) =>
        string.IsNullOrWhiteSpace(name) ? s["PasskeyNameRequired"].Value
        : name.Length > PlatformPasskeys.MaxNameLength ? s["PasskeyNameTooLong", PlatformPasskeys.MaxNameLength].Value
        : null;

    private async Task LoadAsync(IdentityUser user)
    {
        TwoFactorEnabled = await accounts.GetTwoFactorEnabledAsync(user);
        Passkeys = (await accounts.GetPasskeysAsync(user))
            .OrderBy(p => p.CreatedAt)
            .Select(p => new PasskeyRow(PlatformPasskeys.EncodeId(p.CredentialId), p.Name ?? "", p.CreatedAt, p.IsBackedUp))
            .ToList();
        AddRefusal = await accounts.PasskeyRefusalAsync(user, User, s);
        CurrentSession = await LoginSessionCookie.CurrentAsync(HttpContext);
        // A session idle longer than the cookie's sliding lifetime cannot be used any more, so it is not listed.
        OwnSessions = await sessions.ListAsync(await accounts.GetUserIdAsync(user),
            cookies.Get(IdentityConstants.ApplicationScheme).ExpireTimeSpan, HttpContext.RequestAborted);
    }

    private RedirectToPageResult Done(string messageKey)
    {
        TempData["PasskeyMessage"] = messageKey;
        return RedirectToPage();
    }

    internal static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}

/// <summary>
/// Confirmation before a passkey is removed. Removing renews the security stamp, so other sessions end at their next
/// stamp check; this session is signed in again and goes on.
/// </summary>
public sealed class RemovePasskeyModel(PlatformAccounts accounts) : PageModel
{
    public PasskeyRow? Passkey { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? id)
    {
        if (await accounts.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        if (PlatformPasskeys.DecodeId(id) is not { } credentialId || await accounts.GetPasskeyAsync(user, credentialId) is not { } passkey)
        {
            return NotFound();
        }
        Passkey = new PasskeyRow(PlatformPasskeys.EncodeId(passkey.CredentialId), passkey.Name ?? "", passkey.CreatedAt, passkey.IsBackedUp);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? id)
    {
        if (await accounts.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        if (PlatformPasskeys.DecodeId(id) is not { } credentialId || await accounts.GetPasskeyAsync(user, credentialId) is null)
        {
            return NotFound();
        }
        SecurityModel.Check(await accounts.RemovePasskeyAsync(user, credentialId));
        SecurityModel.Check(await accounts.UpdateSecurityStampAsync(user));
        await accounts.RefreshSignInAsync(user);
        TempData["PasskeyMessage"] = "PasskeyRemoved";
        return LocalRedirect(PlatformPasskeys.SecurityPath);
    }
}
