using System.Security.Claims;
using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace ContentPlatform.Platform.ExternalLogin;

/// <summary>What the national sign-in was started for: plain sign-in, an invitation code, joining a course, or binding HelseID to the signed-in account.</summary>
public sealed record ExternalPurpose(string? ReturnUrl, string? Invitation, string? Course, bool Link = false);

/// <summary>Where to go after a national sign-in: on into the app, or back to the sign-in page with a refusal.</summary>
public sealed record ExternalOutcome(string? RedirectTo, ExternalRefusal? Refusal)
{
    public static ExternalOutcome Go(string url) => new(url, null);
    public static ExternalOutcome Refuse(ExternalRefusal refusal) => new(null, refusal);
}

/// <summary>
/// The app's half of a national sign-in: which local user a verified identity is (by an external login row, never by a
/// claim's say-so about roles), and whether it may create one (an invitation or a course). Registered by each app.
/// </summary>
public abstract class ExternalAccounts
{
    public abstract Task<ExternalOutcome> CompleteAsync(ExternalIdentity identity, ExternalPurpose purpose, CancellationToken ct);

    /// <summary>"Koble til HelseID" on the security page: binds the HelseID subject to the signed-in staff account.</summary>
    public abstract Task<ExternalOutcome> LinkAsync(ClaimsPrincipal current, ExternalIdentity identity);
}

/// <summary>Signing the local user in after a national sign-in, with Identity's own calls.</summary>
public abstract class ExternalAccounts<TUser>(UserManager<TUser> users, SignInManager<TUser> signIn) : ExternalAccounts
    where TUser : IdentityUser
{
    protected UserManager<TUser> Users => users;

    /// <summary>
    /// A strong sign-in (see <see cref="ExternalIdentity.IsStrong"/>) is the second factor: the session gets amr=mfa. A
    /// weaker one of someone with an authenticator goes through Identity's own two-factor step (the code page).
    /// </summary>
    protected async Task<ExternalOutcome> SignInAsync(TUser user, ExternalIdentity identity, string providerKey, string redirectTo)
    {
        if (!await signIn.CanSignInAsync(user) || await users.IsLockedOutAsync(user))
        {
            return ExternalOutcome.Refuse(identity.Scheme == ExternalProvider.HelseId.Scheme ? ExternalRefusal.UnknownStaff : ExternalRefusal.UnknownPatient);
        }
        if (!identity.IsStrong && await users.GetTwoFactorEnabledAsync(user))
        {
            var result = await signIn.ExternalLoginSignInAsync(identity.Scheme, providerKey, isPersistent: false, bypassTwoFactor: false);
            return result.RequiresTwoFactor
                ? ExternalOutcome.Go($"/account/login-2fa?returnUrl={Uri.EscapeDataString(redirectTo)}")
                : result.Succeeded ? ExternalOutcome.Go(redirectTo) : ExternalOutcome.Refuse(ExternalRefusal.Failed);
        }
        var properties = new AuthenticationProperties();
        properties.Items[ExternalLoginSetup.IdTokenItem] = identity.IdToken;
        properties.Items[SchemeItem] = identity.Scheme;
        properties.Items[Sessions.LoginSessionCookie.ProviderSessionItem] = identity.SessionId;
        List<Claim> claims = [new(ClaimTypes.AuthenticationMethod, identity.Scheme)];
        if (identity.IsStrong)
        {
            claims.Add(SecondFactor.Claim);
        }
        await signIn.SignInWithClaimsAsync(user, properties, claims);
        return ExternalOutcome.Go(redirectTo);
    }

    /// <summary>Whether the account is staff (only staff bind HelseID).</summary>
    protected abstract Task<bool> IsStaffAsync(TUser user);

    /// <summary>
    /// Only a fully signed-in member of staff (second factor passed) binds, and a subject binds to one account only: a
    /// HelseID identity already bound elsewhere is refused, not moved.
    /// </summary>
    public override async Task<ExternalOutcome> LinkAsync(ClaimsPrincipal current, ExternalIdentity identity)
    {
        if (identity.Scheme != ExternalProvider.HelseId.Scheme || !current.HasSecondFactor() ||
            await users.GetUserAsync(current) is not { } user || !await IsStaffAsync(user))
        {
            return ExternalOutcome.Refuse(ExternalRefusal.UnknownStaff);
        }
        if (await users.FindByLoginAsync(identity.Scheme, identity.Subject) is { } bound)
        {
            return bound.Id == user.Id ? ExternalOutcome.Go(LinkedUrl) : ExternalOutcome.Refuse(ExternalRefusal.AlreadyLinked);
        }
        var added = await users.AddLoginAsync(user, new UserLoginInfo(identity.Scheme, identity.Subject, "HelseID"));
        return added.Succeeded ? ExternalOutcome.Go(LinkedUrl) : ExternalOutcome.Refuse(ExternalRefusal.Failed);
    }

    public const string LinkedUrl = "/account/security?external=linked";

    /// <summary>The session remembers which provider signed it in, so sign-out can end the provider's session too.</summary>
    public const string SchemeItem = "external_scheme";
}
