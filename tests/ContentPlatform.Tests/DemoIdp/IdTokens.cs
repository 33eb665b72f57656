using ContentPlatform.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ContentPlatform.Tests.DemoIdp;

/// <summary>Checks an ID token the way a relying party does: against the provider's published JWKS.</summary>
internal static class IdTokens
{
    public static async Task<TokenValidationResult> ValidateAsync(DemoIdpServer idp, string token, string audience, Action<TokenValidationParameters>? relax = null)
    {
        using var http = new HttpClient();
        var jwks = new JsonWebKeySet(await http.GetStringAsync(idp.Authority + ".well-known/jwks"));
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = idp.Authority,
            ValidAudience = audience,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ClockSkew = TimeSpan.FromMinutes(5),
        };
        relax?.Invoke(parameters);
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
    }

    public static JsonWebToken Read(string token) => new(token);

    /// <summary>The decoded claims, for array claims (`amr`) and for tokens the handler would refuse to read.</summary>
    public static System.Text.Json.Nodes.JsonObject Payload(string token) =>
        System.Text.Json.Nodes.JsonNode.Parse(Base64UrlEncoder.Decode(token.Split('.')[1]))!.AsObject();

    public static System.Text.Json.Nodes.JsonObject Header(string token) =>
        System.Text.Json.Nodes.JsonNode.Parse(Base64UrlEncoder.Decode(token.Split('.')[0]))!.AsObject();
}
