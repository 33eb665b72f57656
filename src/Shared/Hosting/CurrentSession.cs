using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace ContentPlatform.Shared.Hosting;

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

    /// <summary>Scoped: it needs the request's sign-in manager (and through it the database).</summary>
    internal sealed class Handler<TUser>(SignInManager<TUser> signIn) : AuthorizationHandler<Requirement> where TUser : class
    {
        protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, Requirement requirement)
        {
            if (context.User.Identity?.IsAuthenticated == true && await signIn.ValidateSecurityStampAsync(context.User) is not null)
            {
                context.Succeed(requirement);
            }
        }
    }
}
