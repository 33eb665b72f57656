using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Shared.Hosting;

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

    /// <summary>The claim that marks a session as two-factor, for a sign-in that proved the factor some other way (enrolment).</summary>
    public static Claim Claim => new(ClaimType, ClaimValue);

    public static IServiceCollection AddSecondFactorRedirect(this IServiceCollection services)
    {
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
        return services;
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
                failed.All(r => r is ClaimsAuthorizationRequirement { ClaimType: ClaimType }))
            {
                var back = context.Request.Path + context.Request.QueryString;
                context.Response.Redirect($"{EnrolPath}?returnUrl={Uri.EscapeDataString(back)}");
                return Task.CompletedTask;
            }
            return fallback.HandleAsync(next, context, policy, result);
        }
    }
}
