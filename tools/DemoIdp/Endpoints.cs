using System.Text.Json.Nodes;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ContentPlatform.DemoIdp;

/// <summary>The passthrough endpoints besides the login page: userinfo and end-session (RP-initiated logout).</summary>
public static class Endpoints
{
    public static void MapDemoIdpEndpoints(this WebApplication app)
    {
        app.MapMethods("/connect/userinfo", ["GET", "POST"], UserInfo);
        app.MapMethods("/connect/endsession", ["GET", "POST"], EndSession);
        app.MapGet("/", (DemoIdpOptions options) => Results.Redirect("/.well-known/openid-configuration"));
    }

    /// <summary>The claims the access token carries for the granted scopes (the same as in the ID token).</summary>
    private static async Task<IResult> UserInfo(HttpContext context, DemoIdpOptions options)
    {
        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (!result.Succeeded)
        {
            return Results.Challenge(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }
        var known = Flavour.ClaimsOf(options);
        var body = new JsonObject();
        foreach (var claim in result.Principal.Claims.Where(c => known.Contains(c.Type)))
        {
            body[claim.Type] = claim.ValueType == "JSON_ARRAY" ? JsonNode.Parse(claim.Value) : JsonValue.Create(claim.Value);
        }
        return Results.Json(body);
    }

    private static async Task<IResult> EndSession(HttpContext context, BackchannelLogout backchannel)
    {
        var request = context.GetOpenIddictServerRequest();
        var session = await context.AuthenticateAsync(DemoIdpHost.SessionScheme);
        await context.SignOutAsync(DemoIdpHost.SessionScheme);
        if (session.Succeeded)
        {
            await backchannel.NotifyAsync(context, session.Principal);
        }
        if (string.IsNullOrEmpty(request?.PostLogoutRedirectUri))
        {
            return Results.Content(Texts.For(request?.UiLocales)["SignedOut"], "text/plain; charset=utf-8");
        }
        // OpenIddict has already checked post_logout_redirect_uri against the registered clients; it redirects there with `state`.
        return Results.SignOut(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }
}
