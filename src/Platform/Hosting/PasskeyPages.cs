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
/// derives its page model from this, puts its authorization policy on it and keeps its own markup and strings.
/// </summary>
public abstract class SecurityPageModel<TUser>(UserManager<TUser> users, SignInManager<TUser> signIn, IStringLocalizer s,
    IOptions<PlatformPasskeyOptions> options) : PageModel where TUser : class
{
    public IReadOnlyList<PasskeyRow> Passkeys { get; private set; } = [];
    public bool TwoFactorEnabled { get; private set; }

    /// <summary>Why a passkey cannot be added now, or null.</summary>
    public string? AddRefusal { get; private set; }

    public string? Error { get; private set; }
    public string? Message { get; private set; }
    public string? Name { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
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
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        Name = name?.Trim();
        if (await PlatformPasskeys.RegistrationRefusalAsync(users, user, User, options.Value, s) is { } refusal)
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
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        // Someone else's passkey is the same 404 as one that does not exist.
        if (PlatformPasskeys.DecodeId(id) is not { } credentialId || await users.GetPasskeyAsync(user, credentialId) is not { } passkey)
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
        Check(await users.AddOrUpdatePasskeyAsync(user, passkey));
        return Done("PasskeyRenamed");
    }

    /// <summary>
    /// "Sign out on other devices" (a lost phone, a shared computer): a new security stamp ends every other session at its
    /// next request and closes its live connections on every instance (<see cref="RevokingUserManager{TUser}"/>); this
    /// session is signed in again with the new stamp and goes on.
    /// </summary>
    public async Task<IActionResult> OnPostSignOutOthersAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        Check(await users.UpdateSecurityStampAsync(user));
        await signIn.RefreshSignInAsync(user);
        return Done("SignedOutOthers");
    }

    private async Task<string?> AddAsync(TUser user, string name, string credential)
    {
        PasskeyAttestationResult attestation;
        try
        {
            attestation = await signIn.PerformPasskeyAttestationAsync(credential);
        }
        catch (InvalidOperationException)
        {
            return s["PasskeyTryAgain"]; // no ceremony under way in this browser (expired, or the page was reloaded)
        }
        // The ceremony must have been started for this very user (not in another tab before switching accounts).
        if (!attestation.Succeeded || attestation.UserEntity.Id != await users.GetUserIdAsync(user))
        {
            return s["PasskeyNotCreated"];
        }
        if (await users.FindByPasskeyIdAsync(attestation.Passkey.CredentialId) is not null)
        {
            return s["PasskeyAlreadyAdded"];
        }
        attestation.Passkey.Name = name;
        Check(await users.AddOrUpdatePasskeyAsync(user, attestation.Passkey));
        return null;
    }

    private string? NameProblem(string? name) =>
        string.IsNullOrWhiteSpace(name) ? s["PasskeyNameRequired"].Value
        : name.Length > PlatformPasskeys.MaxNameLength ? s["PasskeyNameTooLong", PlatformPasskeys.MaxNameLength].Value
        : null;

    private async Task LoadAsync(TUser user)
    {
        TwoFactorEnabled = await users.GetTwoFactorEnabledAsync(user);
        Passkeys = (await users.GetPasskeysAsync(user))
            .OrderBy(p => p.CreatedAt)
            .Select(p => new PasskeyRow(PlatformPasskeys.EncodeId(p.CredentialId), p.Name ?? "", p.CreatedAt, p.IsBackedUp))
            .ToList();
        AddRefusal = await PlatformPasskeys.RegistrationRefusalAsync(users, user, User, options.Value, s);
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
public abstract class RemovePasskeyPageModel<TUser>(UserManager<TUser> users, SignInManager<TUser> signIn) : PageModel where TUser : class
{
    public PasskeyRow? Passkey { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? id)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        if (PlatformPasskeys.DecodeId(id) is not { } credentialId || await users.GetPasskeyAsync(user, credentialId) is not { } passkey)
        {
            return NotFound();
        }
        Passkey = new PasskeyRow(PlatformPasskeys.EncodeId(passkey.CredentialId), passkey.Name ?? "", passkey.CreatedAt, passkey.IsBackedUp);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? id)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        if (PlatformPasskeys.DecodeId(id) is not { } credentialId || await users.GetPasskeyAsync(user, credentialId) is null)
        {
            return NotFound();
        }
        SecurityPageModel<TUser>.Check(await users.RemovePasskeyAsync(user, credentialId));
        SecurityPageModel<TUser>.Check(await users.UpdateSecurityStampAsync(user));
        await signIn.RefreshSignInAsync(user);
        TempData["PasskeyMessage"] = "PasskeyRemoved";
        return LocalRedirect(PlatformPasskeys.SecurityPath);
    }
}
