using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace ContentPlatform.Platform.Hosting;

/// <summary>
/// For hubs: the sign-in cookie's security stamp is compared with the database when the connection opens, not only every
/// 30 minutes. A connection lives for hours on the cookie it opened with, so it must not open on a cookie whose access
/// was taken away (password reset, lock, roles removed, second factor reset, passkey removed) — even on an instance that
/// restarted since and has forgotten the revocation. One query per connection, not per request.
/// </summary>
public static class CurrentSession
{
    public static AuthorizationPolicyBuilder RequireCurrentSession(this AuthorizationPolicyBuilder policy) =>
        policy.RequireAuthenticatedUser().AddRequirements(new Requirement());

    internal sealed class Requirement : IAuthorizationRequirement;

    internal sealed class Handler(ISecurityStampCheck stamps) : AuthorizationHandler<Requirement>
    {
        protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, Requirement requirement)
        {
            if (context.User.Identity?.IsAuthenticated == true && await stamps.IsCurrentAsync(context.User))
            {
                context.Succeed(requirement);
            }
        }
    }
}

/// <summary>
/// Whether a principal's security stamp is the user's current one, asked of the database now. Identity's own validator
/// cannot be made to ask before its interval has passed, so revocations and hub connections ask this instead.
/// </summary>
public interface ISecurityStampCheck
{
    Task<bool> IsCurrentAsync(ClaimsPrincipal user);
}

/// <summary>Scoped: it needs the request's sign-in manager (and through it the database).</summary>
internal sealed class SecurityStampCheck<TUser>(SignInManager<TUser> signIn) : ISecurityStampCheck where TUser : class
{
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal user) => await signIn.ValidateSecurityStampAsync(user) is not null;
}
