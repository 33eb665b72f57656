using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Platform.Hosting;

/// <summary>
/// Staff must sign in with a second factor. ASP.NET Core Identity marks a sign-in that passed one with the RFC 8176
/// claim amr=mfa; staff policies require it, so a password-only session reaches no staff page, API or hub — not only
/// the pages a filter happens to cover. People without it are sent to enrol an authenticator; machines get 403.
/// </summary>
public static class SecondFactor
{
    public const string ClaimType = "amr";
    public const string ClaimValue = "mfa";
    public const string EnrolPath = "/account/enrol-2fa";

    public static AuthorizationPolicyBuilder RequireSecondFactor(this AuthorizationPolicyBuilder policy) =>
        policy.RequireClaim(ClaimType, ClaimValue);

    public static bool HasSecondFactor(this ClaimsPrincipal user) => user.HasClaim(ClaimType, ClaimValue);

    /// <summary>
    /// "Fully signed in" where only some roles must have a second factor (Delivery: staff must, patients may): anyone in
    /// <paramref name="roles"/> needs amr=mfa, everyone else a sign-in. People who fail it are sent to enrol, like above.
    /// </summary>
    public static AuthorizationPolicyBuilder RequireSecondFactorFor(this AuthorizationPolicyBuilder policy, params string[] roles) =>
        policy.RequireAuthenticatedUser().AddRequirements(new SecondFactorForRolesRequirement(roles));

    /// <summary>The claim that marks a session as two-factor, for a sign-in that proved the factor some other way (enrolment).</summary>
    public static Claim Claim => new(ClaimType, ClaimValue);

    public static IServiceCollection AddSecondFactorRedirect(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationHandler, SecondFactorForRolesHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, SecondFactorResultHandler>();
        // The security stamp check re-creates the principal every 30 minutes; keep the mark of how the user signed in.
        services.Configure<SecurityStampValidatorOptions>(o => o.OnRefreshingPrincipal = context =>
        {
            if (context.CurrentPrincipal?.HasSecondFactor() == true && context.NewPrincipal?.Identity is ClaimsIdentity identity &&
                !context.NewPrincipal.HasSecondFactor())
            {
                identity.AddClaim(Claim);
            }
            return Task.CompletedTask;
        });
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme,
            o => o.Events.OnValidatePrincipal = ValidateStampWhenDueAsync);
        return services;
    }

    /// <summary>
    /// Identity's security-stamp check, asked only when it is due (or at once after a revocation). Identity's own hook resolves the validator (and with
    /// it SignInManager, UserManager and a database context) on every signed-in request just to find that the interval
    /// has not passed: a sixth of the CPU of a cached patient page in a profile (docs/benchmarks.md).
    /// </summary>
    private static async Task ValidateStampWhenDueAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var options = services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
        var now = (options.TimeProvider ?? TimeProvider.System).GetUtcNow();
        if (context.Properties.IssuedUtc is not { } issued || now - issued > options.ValidationInterval)
        {
            await SecurityStampValidator.ValidatePrincipalAsync(context);
        }
        // Not due yet, but the user's access was taken away since this cookie was issued (RevokedSessions): ask now.
        // Identity's validator only asks when due, so the stamp is compared here and the session ended as it would.
        else if (context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId &&
                 services.GetService<RevokedSessions>()?.IsRevoked(userId, issued) == true &&
                 !await services.GetRequiredService<ISecurityStampCheck>().IsCurrentAsync(context.Principal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name);
        }
        // The session itself ended (signed out elsewhere, revoked on the security page, ended by the provider).
        if (context.Principal is not null && !await Sessions.LoginSessionCookie.IsLiveAsync(context))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name);
        }
    }

    /// <summary>Turns "forbidden only for want of a second factor" into a redirect to enrolment for people.</summary>
    private sealed class SecondFactorResultHandler : IAuthorizationMiddlewareResultHandler
    {
        private readonly AuthorizationMiddlewareResultHandler fallback = new();

        public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
        {
            // Combined policies (a folder's and a page's) repeat the requirement, so "only" means "every failure is this one".
            if (result.Forbidden && !PlatformDefaults.IsMachineRequest(context.Request.Path) &&
                result.AuthorizationFailure?.FailedRequirements.ToList() is { Count: > 0 } failed &&
                failed.All(r => r is ClaimsAuthorizationRequirement { ClaimType: ClaimType } or SecondFactorForRolesRequirement))
            {
                var back = context.Request.Path + context.Request.QueryString;
                context.Response.Redirect($"{EnrolPath}?returnUrl={Uri.EscapeDataString(back)}");
                return Task.CompletedTask;
            }
            return fallback.HandleAsync(next, context, policy, result);
        }
    }

    private sealed class SecondFactorForRolesRequirement(string[] roles) : IAuthorizationRequirement
    {
        public string[] Roles { get; } = roles;
    }

    private sealed class SecondFactorForRolesHandler : AuthorizationHandler<SecondFactorForRolesRequirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, SecondFactorForRolesRequirement requirement)
        {
            if (context.User.Identity?.IsAuthenticated == true &&
                (context.User.HasSecondFactor() || !requirement.Roles.Any(context.User.IsInRole)))
            {
                context.Succeed(requirement);
            }
            return Task.CompletedTask;
        }
    }
}
