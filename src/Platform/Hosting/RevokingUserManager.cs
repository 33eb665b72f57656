using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Platform.Hosting;

/// <summary>
/// Identity's user manager, with one addition: every change that takes a user's access away also revokes it at once
/// through <see cref="IAccessRevocations"/> (live connections closed on every instance, old cookies checked at their next
/// request). Doing it here rather than in each page means a new admin page or command cannot forget it.
///
/// What counts: a new security stamp asked for (sign-out elsewhere, passkey removed, roles or lock changed by an admin),
/// a password reset, changed or removed, a lockout set into the future, a role removed, the second factor turned off,
/// the account deleted. Lock and role removal also renew the stamp, which Identity does not do by itself, so the cookie
/// that carried the old roles is refused. Not counted: an authenticator key made during enrolment, or a lockout from
/// wrong passwords (someone guessing must not be able to end the real user's sessions).
/// </summary>
public sealed class RevokingUserManager<TUser>(IUserStore<TUser> store, IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<TUser> passwordHasher, IEnumerable<IUserValidator<TUser>> userValidators,
    IEnumerable<IPasswordValidator<TUser>> passwordValidators, ILookupNormalizer keyNormalizer, IdentityErrorDescriber errors,
    IServiceProvider services, ILogger<UserManager<TUser>> logger, IAccessRevocations revocations)
    : UserManager<TUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
    where TUser : class
{
    private readonly TimeProvider _clock = (TimeProvider?)services.GetService(typeof(TimeProvider)) ?? TimeProvider.System;

    public override async Task<IdentityResult> UpdateSecurityStampAsync(TUser user) =>
        await RevokeIfAsync(user, await base.UpdateSecurityStampAsync(user));

    public override async Task<IdentityResult> ResetPasswordAsync(TUser user, string token, string newPassword) =>
        await RevokeIfAsync(user, await base.ResetPasswordAsync(user, token, newPassword));

    public override async Task<IdentityResult> ChangePasswordAsync(TUser user, string currentPassword, string newPassword) =>
        await RevokeIfAsync(user, await base.ChangePasswordAsync(user, currentPassword, newPassword));

    public override async Task<IdentityResult> RemovePasswordAsync(TUser user) =>
        await RevokeIfAsync(user, await base.RemovePasswordAsync(user));

    public override async Task<IdentityResult> SetTwoFactorEnabledAsync(TUser user, bool enabled)
    {
        var result = await base.SetTwoFactorEnabledAsync(user, enabled); // renews the stamp either way
        return enabled ? result : await RevokeIfAsync(user, result);
    }

    public override async Task<IdentityResult> SetLockoutEndDateAsync(TUser user, DateTimeOffset? lockoutEnd)
    {
        var result = await base.SetLockoutEndDateAsync(user, lockoutEnd);
        return result.Succeeded && lockoutEnd > _clock.GetUtcNow() ? await UpdateSecurityStampAsync(user) : result;
    }

    public override async Task<IdentityResult> RemoveFromRoleAsync(TUser user, string role)
    {
        var result = await base.RemoveFromRoleAsync(user, role);
        return result.Succeeded ? await UpdateSecurityStampAsync(user) : result;
    }

    public override async Task<IdentityResult> RemoveFromRolesAsync(TUser user, IEnumerable<string> roles)
    {
        var list = roles.ToList();
        var result = await base.RemoveFromRolesAsync(user, list);
        return result.Succeeded && list.Count > 0 ? await UpdateSecurityStampAsync(user) : result;
    }

    public override async Task<IdentityResult> DeleteAsync(TUser user)
    {
        var id = await GetUserIdAsync(user);
        var result = await base.DeleteAsync(user);
        if (result.Succeeded)
        {
            await revocations.RevokeUserAsync(id);
        }
        return result;
    }

    private async Task<IdentityResult> RevokeIfAsync(TUser user, IdentityResult result)
    {
        if (result.Succeeded)
        {
            await revocations.RevokeUserAsync(await GetUserIdAsync(user));
        }
        return result;
    }
}
