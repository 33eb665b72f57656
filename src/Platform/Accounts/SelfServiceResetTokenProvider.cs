using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Platform.Accounts;

/// <summary>PasswordReset:LinkLifetime — how long a "forgot password" link works (default one hour).</summary>
public sealed class PasswordResetOptions
{
    public const string Section = "PasswordReset";

    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A mailed link is a key to the account: a day at most, and long enough to reach the inbox.</summary>
    internal SettingProblem? Check() =>
        LinkLifetime < TimeSpan.FromMinutes(5) || LinkLifetime > TimeSpan.FromHours(24)
            ? new($"{Section}:LinkLifetime", "must be between 00:05:00 and 24:00:00 (hh:mm:ss)")
            : null;
}

/// <summary>
/// The token in a "forgot password" link: creation time, user, purpose and security stamp, protected by data protection
/// under its own purpose. Identity's DataProtectorTokenProvider reads the system clock; this one reads the app's
/// TimeProvider, so the lifetime is one setting and a test can move time past it. The security stamp makes it single-use
/// (the reset renews the stamp).
/// </summary>
internal sealed class SelfServiceResetTokenProvider<TUser>(IDataProtectionProvider protection, IOptions<PasswordResetOptions> options,
    TimeProvider clock) : IUserTwoFactorTokenProvider<TUser> where TUser : class
{
    private readonly IDataProtector _protector = protection.CreateProtector(PasswordSelfService.TokenProvider);

    public async Task<string> GenerateAsync(string purpose, UserManager<TUser> manager, TUser user)
    {
        var fields = string.Join('\n', clock.GetUtcNow().UtcTicks.ToString(CultureInfo.InvariantCulture),
            await manager.GetUserIdAsync(user), purpose, await StampAsync(manager, user));
        return Convert.ToBase64String(_protector.Protect(Encoding.UTF8.GetBytes(fields)));
    }

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<TUser> manager, TUser user)
    {
        string[] fields;
        try
        {
            fields = Encoding.UTF8.GetString(_protector.Unprotect(Convert.FromBase64String(token))).Split('\n');
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return false;
        }
        if (fields.Length != 4 || !long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
        {
            return false;
        }
        var created = new DateTimeOffset(ticks, TimeSpan.Zero);
        return clock.GetUtcNow() <= created + options.Value.LinkLifetime
            && fields[1] == await manager.GetUserIdAsync(user)
            && fields[2] == purpose
            && fields[3] == await StampAsync(manager, user);
    }

    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<TUser> manager, TUser user) => Task.FromResult(false);

    private static async Task<string> StampAsync(UserManager<TUser> manager, TUser user) =>
        manager.SupportsUserSecurityStamp ? await manager.GetSecurityStampAsync(user) : "";
}
