using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Platform.Hosting;

/// <summary>
/// The app's Identity managers behind one non-generic face, so the shared sign-in, second-factor and passkey pages
/// (a page model cannot be generic) work with either app's user type. Only what those pages need; each member is
/// Identity's own call.
/// </summary>
public abstract class PlatformAccounts
{
    /// <summary>The name an authenticator app shows beside the code (per app: "ContentPlatform Cms", "ContentPlatform").</summary>
    public abstract string AuthenticatorIssuer { get; }

    public abstract Task<IdentityUser?> GetUserAsync(ClaimsPrincipal principal);
    public abstract Task<bool> GetTwoFactorEnabledAsync(IdentityUser user);
    public abstract Task<bool> VerifyAuthenticatorCodeAsync(IdentityUser user, string code);
    public abstract Task<IReadOnlyList<string>> EnableTwoFactorAsync(IdentityUser user);
    public abstract Task<string> AuthenticatorKeyAsync(IdentityUser user);
    public abstract Task<string?> GetEmailAsync(IdentityUser user);
    public abstract Task<string> GetUserIdAsync(IdentityUser user);
    public abstract Task<UserPasskeyInfo?> GetPasskeyAsync(IdentityUser user, byte[] credentialId);
    public abstract Task<IList<UserPasskeyInfo>> GetPasskeysAsync(IdentityUser user);
    public abstract Task<bool> PasskeyInUseAsync(byte[] credentialId);
    public abstract Task<IdentityResult> AddOrUpdatePasskeyAsync(IdentityUser user, UserPasskeyInfo passkey);
    public abstract Task<IdentityResult> RemovePasskeyAsync(IdentityUser user, byte[] credentialId);
    public abstract Task<IdentityResult> UpdateSecurityStampAsync(IdentityUser user);
    public abstract Task<string?> PasskeyRefusalAsync(IdentityUser user, ClaimsPrincipal principal, IStringLocalizer s);

    public abstract Task<SignInResult> PasswordSignInAsync(string email, string password);

    /// <summary>
    /// The string key of the sign-in page's message for a password sign-in that failed. "Deactivated" only once the password
    /// was right: a stranger typing an address learns no more than "locked".
    /// </summary>
    public async Task<string> PasswordRefusalAsync(SignInResult result, string email, string password) =>
        result.IsNotAllowed ? (await IsUnconfirmedWithPasswordAsync(email, password) ? "ConfirmEmailFirst"
            : await IsUnconfirmedAsync(email) ? "SignInFailed" : "PasswordSignInOff")
        : !result.IsLockedOut ? "SignInFailed"
        : await IsDeactivatedWithPasswordAsync(email, password) ? "AccountDeactivated" : "LockedOut";

    /// <summary>The string key for a passkey sign-in that failed.</summary>
    public static string PasskeyRefusal(PasskeySignInOutcome outcome) => outcome switch
    {
        PasskeySignInOutcome.LockedOut => "LockedOut",
        PasskeySignInOutcome.Deactivated => "AccountDeactivated",
        PasskeySignInOutcome.Expired => "PasskeyTryAgain",
        _ => "PasskeyNotRecognised",
    };

    protected abstract Task<bool> IsDeactivatedWithPasswordAsync(string email, string password);

    /// <summary>
    /// An account the app does not count as confirmed yet (Delivery: a course sign-up waiting for its link). Identity
    /// refuses it before looking at the password, so only a right password learns that it is waiting.
    /// </summary>
    protected abstract Task<bool> IsUnconfirmedAsync(string email);
    protected abstract Task<bool> IsUnconfirmedWithPasswordAsync(string email, string password);
    public abstract Task<PasskeySignInOutcome> PasskeySignInAsync(string? credential);
    public abstract Task<bool> HasTwoFactorSignInUnderWayAsync();
    public abstract Task<SignInResult> AuthenticatorSignInAsync(string code);
    public abstract Task<SignInResult> RecoveryCodeSignInAsync(string code);
    public abstract Task SignInWithSecondFactorAsync(IdentityUser user);
    public abstract Task RefreshSignInAsync(IdentityUser user);
    public abstract Task SignOutAsync();
    public abstract Task<PasskeyAttestationResult> PerformPasskeyAttestationAsync(string credential);

    /// <summary>Registered by <see cref="PlatformPages.AddPlatformPages{TUser, TAppResource}"/>.</summary>
    internal static void Register<TUser>(IServiceCollection services, string authenticatorIssuer) where TUser : IdentityUser =>
        services.AddScoped<PlatformAccounts>(sp => new For<TUser>(sp.GetRequiredService<UserManager<TUser>>(),
            sp.GetRequiredService<SignInManager<TUser>>(), sp.GetRequiredService<IOptions<PlatformPasskeyOptions>>(), authenticatorIssuer,
            sp.GetService<ExternalLogin.PasswordSignInOptions>() ?? new(), sp.GetRequiredService<IUserConfirmation<TUser>>()));

    private sealed class For<TUser>(UserManager<TUser> users, SignInManager<TUser> signIn, IOptions<PlatformPasskeyOptions> passkeys,
        string issuer, ExternalLogin.PasswordSignInOptions passwordSignIn, IUserConfirmation<TUser> confirmation) : PlatformAccounts where TUser : IdentityUser
    {
        public override string AuthenticatorIssuer => issuer;

        public override async Task<IdentityUser?> GetUserAsync(ClaimsPrincipal principal) => await users.GetUserAsync(principal);
        public override Task<bool> GetTwoFactorEnabledAsync(IdentityUser user) => users.GetTwoFactorEnabledAsync(U(user));
        public override Task<bool> VerifyAuthenticatorCodeAsync(IdentityUser user, string code) =>
            users.VerifyTwoFactorTokenAsync(U(user), users.Options.Tokens.AuthenticatorTokenProvider, code);

        public override async Task<IReadOnlyList<string>> EnableTwoFactorAsync(IdentityUser user)
        {
            await users.SetTwoFactorEnabledAsync(U(user), true);
            return (await users.GenerateNewTwoFactorRecoveryCodesAsync(U(user), 10))?.ToList() ?? [];
        }

        public override async Task<string> AuthenticatorKeyAsync(IdentityUser user)
        {
            var key = await users.GetAuthenticatorKeyAsync(U(user));
            if (string.IsNullOrEmpty(key))
            {
                await users.ResetAuthenticatorKeyAsync(U(user));
                key = await users.GetAuthenticatorKeyAsync(U(user)) ?? "";
            }
            return key;
        }

        public override Task<string?> GetEmailAsync(IdentityUser user) => users.GetEmailAsync(U(user));
        public override Task<string> GetUserIdAsync(IdentityUser user) => users.GetUserIdAsync(U(user));
        public override Task<UserPasskeyInfo?> GetPasskeyAsync(IdentityUser user, byte[] credentialId) => users.GetPasskeyAsync(U(user), credentialId);
        public override Task<IList<UserPasskeyInfo>> GetPasskeysAsync(IdentityUser user) => users.GetPasskeysAsync(U(user));
        public override async Task<bool> PasskeyInUseAsync(byte[] credentialId) => await users.FindByPasskeyIdAsync(credentialId) is not null;
        public override Task<IdentityResult> AddOrUpdatePasskeyAsync(IdentityUser user, UserPasskeyInfo passkey) =>
            users.AddOrUpdatePasskeyAsync(U(user), passkey);
        public override Task<IdentityResult> RemovePasskeyAsync(IdentityUser user, byte[] credentialId) => users.RemovePasskeyAsync(U(user), credentialId);
        public override Task<IdentityResult> UpdateSecurityStampAsync(IdentityUser user) => users.UpdateSecurityStampAsync(U(user));
        public override Task<string?> PasskeyRefusalAsync(IdentityUser user, ClaimsPrincipal principal, IStringLocalizer s) =>
            PlatformPasskeys.RegistrationRefusalAsync(users, U(user), principal, passkeys.Value, s);

        public override async Task<SignInResult> PasswordSignInAsync(string email, string password)
        {
            // Passwords turned off for the user's role (Authentication:PasswordSignIn): the right password still counts
            // against lockout, and only a right one learns that this account must sign in nationally.
            if (await users.FindByNameAsync(email) is { } user && !passwordSignIn.AllowedFor(await users.GetRolesAsync(user)))
            {
                var check = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
                return check.Succeeded ? SignInResult.NotAllowed : check;
            }
            return await signIn.PasswordSignInAsync(email, password, isPersistent: false, lockoutOnFailure: true);
        }
        public override Task<PasskeySignInOutcome> PasskeySignInAsync(string? credential) => PlatformPasskeys.SignInAsync(signIn, credential);

        protected override async Task<bool> IsDeactivatedWithPasswordAsync(string email, string password) =>
            await users.FindByEmailAsync(email) is { } user && StaffAdmin.StaffLifecycle.IsDeactivated(user) && await users.CheckPasswordAsync(user, password);
        protected override async Task<bool> IsUnconfirmedAsync(string email) =>
            users.Options.SignIn.RequireConfirmedAccount && await users.FindByEmailAsync(email) is { } user
            && !await confirmation.IsConfirmedAsync(users, user);
        protected override async Task<bool> IsUnconfirmedWithPasswordAsync(string email, string password)
        {
            if (!await IsUnconfirmedAsync(email))
            {
                return false;
            }
            // Identity refused before it checked the password, so a wrong one is counted here, as any other would be.
            var user = (await users.FindByEmailAsync(email))!;
            if (await users.CheckPasswordAsync(user, password))
            {
                return true;
            }
            await users.AccessFailedAsync(user);
            return false;
        }
        public override async Task<bool> HasTwoFactorSignInUnderWayAsync() => await signIn.GetTwoFactorAuthenticationUserAsync() is not null;
        public override Task<SignInResult> AuthenticatorSignInAsync(string code) =>
            signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        public override Task<SignInResult> RecoveryCodeSignInAsync(string code) => signIn.TwoFactorRecoveryCodeSignInAsync(code);
        public override Task SignInWithSecondFactorAsync(IdentityUser user) =>
            signIn.SignInWithClaimsAsync(U(user), isPersistent: false, [SecondFactor.Claim]);
        public override Task RefreshSignInAsync(IdentityUser user) => signIn.RefreshSignInAsync(U(user));
        public override Task SignOutAsync() => signIn.SignOutAsync();
        public override Task<PasskeyAttestationResult> PerformPasskeyAttestationAsync(string credential) =>
            signIn.PerformPasskeyAttestationAsync(credential);

        // Every user handed back in was handed out by this instance, so the cast cannot fail.
        private static TUser U(IdentityUser user) => (TUser)user;
    }
}
