using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ContentPlatform.Platform.Sessions;

/// <summary>
/// Binds the sign-in cookie to its <see cref="LoginSession"/> row: the row is made as the cookie is issued, its id rides in
/// the cookie's authentication properties (Identity's refresh keeps them, so a refreshed cookie stays the same session),
/// and every request checks that the session has not ended.
/// </summary>
public static class LoginSessionCookie
{
    /// <summary>The authentication property holding the session id.</summary>
    public const string SessionItem = "login_session";

    /// <summary>Set by a national sign-in before the cookie is issued: the provider's session id (the ID token's sid).</summary>
    public const string ProviderSessionItem = "provider_sid";

    private static readonly string[] NamedMethods = [LoginMethods.Passkey, LoginMethods.IdPorten, LoginMethods.HelseId];

    public static async Task SigningInAsync(CookieSigningInContext context)
    {
        var providerSession = context.Properties.GetString(ProviderSessionItem);
        context.Properties.Items.Remove(ProviderSessionItem);
        if (context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId ||
            context.HttpContext.RequestServices.GetService<LoginSessions>() is not { } sessions)
        {
            return;
        }
        // A refresh of this very session (password changed, "log out all others") keeps its id.
        if (context.Properties.GetString(SessionItem) is not null &&
            context.HttpContext.User.FindFirstValue(ClaimTypes.NameIdentifier) == userId)
        {
            return;
        }
        var method = context.Principal.FindFirstValue(ClaimTypes.AuthenticationMethod) is { } m && NamedMethods.Contains(m)
            ? m : LoginMethods.Password;
        var id = await sessions.StartAsync(userId, method, providerSession, context.HttpContext.Request.Headers.UserAgent.ToString(),
            context.HttpContext.RequestAborted);
        context.Properties.SetString(SessionItem, id);
    }

    /// <summary>
    /// False when the cookie's session has ended: refused at once if this instance knows, or at the next confirmation of
    /// the row (<see cref="LoginSessionState.TouchInterval"/>). A cookie from before sessions were recorded has no id and
    /// is let through; it ends with its own expiry.
    /// </summary>
    public static async Task<bool> IsLiveAsync(CookieValidatePrincipalContext context)
    {
        if (context.Properties.GetString(SessionItem) is not { } id)
        {
            return true;
        }
        var services = context.HttpContext.RequestServices;
        var state = services.GetRequiredService<LoginSessionState>();
        if (state.IsEnded(id))
        {
            return false;
        }
        if (state.ConfirmationDue(id) && !await services.GetRequiredService<LoginSessions>().TouchAsync(id, context.HttpContext.RequestAborted))
        {
            state.End(id);
            return false;
        }
        return true;
    }

    /// <summary>The session id of this request's sign-in cookie, or null.</summary>
    public static async Task<string?> CurrentAsync(HttpContext context) =>
        (await context.AuthenticateAsync(IdentityConstants.ApplicationScheme)).Properties?.GetString(SessionItem);
}

public static class LoginSessionSetup
{
    public static IServiceCollection AddLoginSessions<TContext>(this IServiceCollection services) where TContext : Microsoft.EntityFrameworkCore.DbContext
    {
        services.TryAddSingleton<LoginSessionState>();
        services.AddScoped(sp => new LoginSessions(sp.GetRequiredService<TContext>(),
            sp.GetRequiredService<Hosting.IAccessRevocations>(), sp.GetRequiredService<LoginSessionState>()));
        return services;
    }
}
