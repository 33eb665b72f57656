using System.Collections.Concurrent;
using System.Text.Json;
using ContentPlatform.Platform.Sessions;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ContentPlatform.Platform.ExternalLogin;

/// <summary>
/// OpenID Connect Back-Channel Logout 1.0: the provider POSTs a signed <c>logout_token</c> when a person signs out there,
/// and the sessions it started here end at once (cookie refused at its next request, hub connections closed). The
/// token is checked like an ID token (signature against the provider's JWKS, issuer, audience, lifetime) and by the
/// spec's own rules: a fresh <c>iat</c>, the back-channel-logout event, a <c>sid</c> or <c>sub</c>, no <c>nonce</c> (so an ID
/// token cannot be passed off as one), and a <c>jti</c> not seen before. 200 when it is valid (whether or not a session
/// matched), 400 for anything else: the provider learns nothing about who has a session here.
/// </summary>
public static class BackchannelLogoutEndpoint
{
    public const string Path = "/signout-oidc-backchannel";
    public const string LogoutEvent = "http://schemas.openid.net/event/backchannel-logout";

    /// <summary>How old a token's <c>iat</c> may be (and how far in the future, for clock skew).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    public static IEndpointConventionBuilder MapBackchannelLogout(this IEndpointRouteBuilder endpoints)
    {
        endpoints.ServiceProvider.GetRequiredService<SeenLogoutTokens>(); // fail at start, not at the first logout
        return endpoints.MapPost(Path, HandleAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
    }

    public static IServiceCollection AddBackchannelLogout(this IServiceCollection services) =>
        services.AddSingleton<SeenLogoutTokens>();

    private static async Task<IResult> HandleAsync(HttpContext http, ConfiguredProviders providers, SeenLogoutTokens seen,
        IOptionsMonitor<OpenIdConnectOptions> oidc, LoginSessions sessions, TimeProvider clock, ILoggerFactory logs)
    {
        http.Response.Headers.CacheControl = "no-store";
        var log = logs.CreateLogger(typeof(BackchannelLogoutEndpoint).FullName!);
        if (!http.Request.HasFormContentType)
        {
            return Refuse(log, "not a form");
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (form["logout_token"] is not [{ Length: > 0 and < 16_384 } raw])
        {
            return Refuse(log, "no logout_token");
        }
        var handler = new JsonWebTokenHandler();
        JsonWebToken unverified;
        try
        {
            // Which provider: the one whose issuer the (not yet trusted) token names; then everything is checked against it.
            unverified = handler.ReadJsonWebToken(raw);
        }
        catch (ArgumentException) // SecurityTokenMalformedException and friends: not a JWT at all
        {
            return Refuse(log, "not a JWT");
        }
        foreach (var provider in ExternalProvider.All.Where(p => providers.Has(p)))
        {
            var options = oidc.Get(provider.Scheme);
            var configuration = await options.ConfigurationManager!.GetConfigurationAsync(http.RequestAborted);
            if (!string.Equals(configuration.Issuer, unverified.Issuer, StringComparison.Ordinal))
            {
                continue;
            }
            var result = await handler.ValidateTokenAsync(raw, new TokenValidationParameters
            {
                ValidIssuer = configuration.Issuer,
                ValidAudience = options.ClientId,
                IssuerSigningKeys = configuration.SigningKeys,
                RequireSignedTokens = true,
                ValidateIssuerSigningKey = true,
                RequireExpirationTime = false, // exp is optional in the spec; iat below bounds the age either way
                ValidateLifetime = true,
                ClockSkew = TimeSpan.FromMinutes(1),
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
                    SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSsaPssSha256],
                LifetimeValidator = (notBefore, expires, _, _) => expires is null || expires > clock.GetUtcNow().UtcDateTime.AddMinutes(-1),
            });
            if (!result.IsValid || result.SecurityToken is not JsonWebToken token)
            {
                return Refuse(log, $"invalid token ({result.Exception?.GetType().Name})");
            }
            if (Problem(token, clock.GetUtcNow()) is { } problem)
            {
                return Refuse(log, problem);
            }
            var sid = token.TryGetPayloadValue<string>("sid", out var s) && s.Length > 0 ? s : null;
            var sub = token.TryGetPayloadValue<string>("sub", out var u) && u.Length > 0 ? u : null;
            // Replay: the jti is remembered only once the token has passed every other check, until it could no longer pass.
            if (!seen.TryAdd($"{provider.Scheme}:{token.Id}", new DateTimeOffset(token.IssuedAt, TimeSpan.Zero) + MaxAge + TimeSpan.FromMinutes(1), clock.GetUtcNow()))
            {
                return Refuse(log, "replayed jti");
            }
            var ended = await sessions.EndByProviderAsync(provider.Scheme, sid, sub, http.RequestAborted);
            log.LogInformation("Back-channel logout from {Scheme} ended {Count} session(s)", provider.Scheme, ended);
            return Results.Ok();
        }
        return Refuse(log, "unknown issuer");
    }

    /// <summary>The spec's rules beyond those of any JWT; null when the token keeps them.</summary>
    private static string? Problem(JsonWebToken token, DateTimeOffset now)
    {
        if (token.IssuedAt == DateTime.MinValue)
        {
            return "no iat";
        }
        var age = now.UtcDateTime - token.IssuedAt;
        if (age > MaxAge || age < -TimeSpan.FromMinutes(1))
        {
            return "iat not fresh";
        }
        if (string.IsNullOrEmpty(token.Id))
        {
            return "no jti";
        }
        if (token.TryGetClaim("nonce", out _))
        {
            return "nonce present";
        }
        if (!token.TryGetPayloadValue<JsonElement>("events", out var events) || events.ValueKind != JsonValueKind.Object ||
            !events.TryGetProperty(LogoutEvent, out var logout) || logout.ValueKind != JsonValueKind.Object)
        {
            return "no back-channel logout event";
        }
        var hasSid = token.TryGetPayloadValue<string>("sid", out var sid) && !string.IsNullOrEmpty(sid);
        var hasSub = token.TryGetPayloadValue<string>("sub", out var sub) && !string.IsNullOrEmpty(sub);
        return hasSid || hasSub ? null : "neither sid nor sub";
    }

    private static IResult Refuse(ILogger log, string reason)
    {
        log.LogWarning("Back-channel logout refused: {Reason}", reason);
        return Results.Json(new { error = "invalid_request" }, statusCode: StatusCodes.Status400BadRequest);
    }
}

/// <summary>The <c>jti</c>s of logout tokens already acted on (this instance), each kept until it would have expired anyway.</summary>
public sealed class SeenLogoutTokens
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    public bool TryAdd(string jti, DateTimeOffset keepUntil, DateTimeOffset now)
    {
        foreach (var (key, until) in _seen)
        {
            if (until < now)
            {
                _seen.TryRemove(new KeyValuePair<string, DateTimeOffset>(key, until));
            }
        }
        return _seen.TryAdd(jti, keepUntil);
    }
}
