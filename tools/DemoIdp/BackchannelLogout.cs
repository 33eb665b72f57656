using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ContentPlatform.DemoIdp;

/// <summary>
/// OpenID Connect Back-Channel Logout 1.0: when a person signs out at the provider, every client they signed in to in
/// that session (and that has a `BackchannelLogoutUri`) receives a signed `logout_token` with `sub` and `sid`. The
/// session id is the `sid` claim of the ID token; which clients a session visited is remembered in memory (a demo).
/// </summary>
public sealed class BackchannelLogout(
    DemoIdpOptions options,
    IOptionsMonitor<OpenIddictServerOptions> server,
    IHttpClientFactory httpClients,
    ILogger<BackchannelLogout> logger)
{
    public const string SessionIdClaim = "sid";
    public const string LogoutEvent = "http://schemas.openid.net/event/backchannel-logout";

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, string>> _clientsBySession = new();

    /// <summary>Remembers that the session signed in to the client with the given subject.</summary>
    public void Remember(string sessionId, string clientId, string subject) =>
        _clientsBySession.GetOrAdd(sessionId, _ => new())[clientId] = subject;

    public async Task NotifyAsync(HttpContext context, ClaimsPrincipal session)
    {
        var sessionId = session.FindFirst(SessionIdClaim)?.Value;
        if (sessionId is null || !_clientsBySession.TryRemove(sessionId, out var clients))
        {
            return;
        }
        var issuer = server.CurrentValue.Issuer?.AbsoluteUri ?? $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/";
        foreach (var (clientId, subject) in clients)
        {
            var uri = options.EffectiveClients.FirstOrDefault(c => c.ClientId == clientId)?.BackchannelLogoutUri;
            if (string.IsNullOrEmpty(uri))
            {
                continue;
            }
            var token = LogoutToken(issuer, clientId, subject, sessionId);
            try
            {
                using var http = httpClients.CreateClient();
                http.Timeout = TimeSpan.FromSeconds(5);
                using var response = await http.PostAsync(uri, new FormUrlEncodedContent([new("logout_token", token)]));
                logger.LogInformation("Back-channel logout to {Client}: {Status}", clientId, (int)response.StatusCode);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                logger.LogWarning("Back-channel logout to {Client} failed: {Message}", clientId, e.Message);
            }
        }
    }

    public string LogoutToken(string issuer, string clientId, string subject, string sessionId) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = clientId,
            IssuedAt = DateTime.UtcNow,
            Expires = DateTime.UtcNow.AddMinutes(2),
            TokenType = "logout+jwt",
            SigningCredentials = server.CurrentValue.SigningCredentials[0],
            Claims = new Dictionary<string, object>
            {
                [Claims.Subject] = subject,
                [SessionIdClaim] = sessionId,
                [Claims.JwtId] = Guid.NewGuid().ToString("N"),
                ["events"] = new Dictionary<string, object> { [LogoutEvent] = new Dictionary<string, object>() },
            },
        });
}
