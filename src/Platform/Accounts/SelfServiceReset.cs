using System.Text;
using ContentPlatform.Platform.Hosting;
using ContentPlatform.Platform.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContentPlatform.Platform.Accounts;

/// <summary>
/// "Forgot password": a one-time link by e-mail, valid for <c>PasswordReset:LinkLifetime</c> (one hour). Its token comes
/// from its own provider (<see cref="SelfServiceResetTokenProvider{TUser}"/>), so a care team's 24-hour reset link keeps its own rules. Both are single-use:
/// Identity's tokens carry the security stamp, which the reset changes.
/// </summary>
public abstract class PasswordSelfService
{
    public const string TokenProvider = "SelfServiceReset";

    /// <summary>
    /// Queues the reset mail if <paramref name="email"/> belongs to an account with a password; otherwise does nothing.
    /// The caller never learns which (the page answers the same either way, and this runs after the answer).
    /// </summary>
    public abstract Task RequestAsync(ForgotPasswordRequest request, CancellationToken ct);

    /// <summary>
    /// Changes the signed-in user's password (Identity's rules; a wrong current password changes nothing). Success renews
    /// the security stamp, which ends the user's other sessions; the caller refreshes this one.
    /// </summary>
    public abstract Task<IdentityResult> ChangeAsync(IdentityUser user, string current, string replacement);

    /// <summary>Sets a new password from a self-service link or a care team's reset link.</summary>
    public abstract Task<ResetOutcome> ResetAsync(string? userId, string? encodedToken, string password);

    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    /// <summary>The token from a mailed link, or null if it is not one of ours (Delivery's sign-up links use it too).</summary>
    public static string? Decode(string? token)
    {
        try
        {
            return string.IsNullOrEmpty(token) ? null : Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    internal sealed class For<TUser, TContext>(UserManager<TUser> users, TContext db, ILogger<PasswordSelfService> logger)
        : PasswordSelfService where TUser : IdentityUser where TContext : DbContext
    {
        public override async Task RequestAsync(ForgotPasswordRequest request, CancellationToken ct)
        {
            var user = await users.FindByEmailAsync(request.Email);
            if (user is null || !await users.HasPasswordAsync(user))
            {
                return;
            }
            var token = await users.GenerateUserTokenAsync(user, TokenProvider, UserManager<TUser>.ResetPasswordTokenPurpose);
            var link = $"{request.BaseUrl.TrimEnd('/')}/account/reset?u={Uri.EscapeDataString(user.Id)}&t={Encode(token)}";
            db.QueueMail(new MailDraft(user.Email!, request.Culture, request.Subject,
                request.BodyTemplate.Replace(ForgotPasswordRequest.LinkMarker, link, StringComparison.Ordinal)));
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Password reset mail queued for user {UserId}", user.Id);
        }

        public override Task<IdentityResult> ChangeAsync(IdentityUser user, string current, string replacement) =>
            users.ChangePasswordAsync((TUser)user, current, replacement);

        public override async Task<ResetOutcome> ResetAsync(string? userId, string? encodedToken, string password)
        {
            var user = string.IsNullOrEmpty(userId) ? null : await users.FindByIdAsync(userId);
            var token = Decode(encodedToken);
            if (user is null || token is null)
            {
                return new(ResetResult.InvalidLink, []);
            }
            // A self-service link: Identity's own reset (password rules, new security stamp) behind the one-hour token.
            if (await users.VerifyUserTokenAsync(user, TokenProvider, UserManager<TUser>.ResetPasswordTokenPurpose, token))
            {
                token = await users.GeneratePasswordResetTokenAsync(user);
            }
            var result = await users.ResetPasswordAsync(user, token, password);
            if (!result.Succeeded)
            {
                return result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken))
                    ? new(ResetResult.InvalidLink, [])
                    : new(ResetResult.Rejected, result.Errors.Select(e => e.Code).ToList());
            }
            // Whoever asked for help gets in again: the new password ends a lockout.
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            return new(ResetResult.Done, []);
        }
    }
}

public enum ResetResult
{
    Done,
    InvalidLink,
    Rejected,
}

public sealed record ResetOutcome(ResetResult Result, IReadOnlyList<string> ErrorCodes);

/// <summary>What the forgot page hands on: the address and the mail texts in the asker's language.</summary>
public sealed record ForgotPasswordRequest(string Email, string Culture, string BaseUrl, string Subject, string BodyTemplate)
{
    /// <summary>Stands for the link in <see cref="BodyTemplate"/> until the link exists.</summary>
    public const string LinkMarker = "[[reset-link]]";
}

public static class PasswordSelfServiceSetup
{
    /// <summary>Called by AddPlatformIdentity: the token provider, the service, the forgot queue and its rate limits.</summary>
    internal static void AddPasswordSelfService<TUser, TContext>(this IdentityBuilder identity)
        where TUser : IdentityUser where TContext : DbContext
    {
        identity.AddTokenProvider<SelfServiceResetTokenProvider<TUser>>(PasswordSelfService.TokenProvider);
        var services = identity.Services;
        services.AddStartupOptions<PasswordResetOptions>(PasswordResetOptions.Section, (o, _) => o.Check());
        services.AddScoped<PasswordSelfService, PasswordSelfService.For<TUser, TContext>>();
        services.AddSingleton<ForgotPasswordRequests>();
        services.AddHostedService(sp => sp.GetRequiredService<ForgotPasswordRequests>());
        services.AddSingleton<ForgotPasswordLimiter>();
    }
}
