using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace ContentPlatform.DemoIdp.Faults;

/// <summary>
/// Spoils the ID token of one sign-in for refusal tests. How: the login page puts the chosen fault into the principal
/// as a private claim (no destination, so it travels inside the authorization code but never into a token). At the token
/// endpoint OpenIddict generates and signs the ID token as usual in its <c>GenerateIdentityToken</c> step; this handler
/// runs right after it (before the token is attached to the response), reads the claim, and rewrites
/// <c>context.IdentityToken</c>: the payload is edited and signed again with the provider's own key (so only the
/// promised flaw differs), or the signature/header is spoiled. Nothing happens unless `DemoIdp:Faults=true`.
/// </summary>
public sealed class TokenFaults(DemoIdpOptions options) : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
        .UseSingletonHandler<TokenFaults>()
        // GenerateIdentityToken + 1000 is where OpenIddict attaches the tokens to the response: run in between.
        .SetOrder(OpenIddictServerHandlers.GenerateIdentityToken.Descriptor.Order + 500)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public ValueTask HandleAsync(ProcessSignInContext context)
    {
        var fault = context.Principal?.FindFirst(Flavour.FaultClaim)?.Value;
        if (!options.Faults || string.IsNullOrEmpty(fault) || string.IsNullOrEmpty(context.IdentityToken))
        {
            return ValueTask.CompletedTask;
        }
        context.IdentityToken = Spoil(context.IdentityToken, fault, context.Options.SigningCredentials[0]);
        return ValueTask.CompletedTask;
    }

    public static string Spoil(string jwt, string fault, SigningCredentials credentials)
    {
        var parts = jwt.Split('.');
        var (header, payload, signature) = (parts[0], parts[1], parts[2]);
        var claims = JsonNode.Parse(Base64UrlEncoder.Decode(payload))!.AsObject();
        var now = DateTimeOffset.UtcNow;
        switch (fault)
        {
            case TokenFaultNames.BadSignature:
                var bytes = Base64UrlEncoder.DecodeBytes(signature);
                bytes[0] ^= 0xFF;
                bytes[^1] ^= 0xFF;
                return $"{header}.{payload}.{Base64UrlEncoder.Encode(bytes)}";
            case TokenFaultNames.AlgNone:
                return $"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""")}.{payload}.";
            case TokenFaultNames.WrongIssuer:
                claims["iss"] = TokenFaultNames.WrongIssuerValue;
                break;
            case TokenFaultNames.WrongAudience:
                claims["aud"] = TokenFaultNames.WrongAudienceValue;
                break;
            case TokenFaultNames.Expired:
                // An hour ago: far beyond any client's clock skew (ASP.NET's default is five minutes).
                claims["exp"] = now.AddHours(-1).ToUnixTimeSeconds();
                claims["iat"] = now.AddHours(-2).ToUnixTimeSeconds();
                if (claims.ContainsKey("nbf"))
                {
                    claims["nbf"] = now.AddHours(-2).ToUnixTimeSeconds();
                }
                break;
            case TokenFaultNames.NoNonce:
                claims.Remove("nonce");
                break;
            default:
                return jwt;
        }
        var newPayload = Base64UrlEncoder.Encode(claims.ToJsonString());
        // The credentials carry no factory of their own; the key's (the default one) does the RSA work.
        var factory = credentials.CryptoProviderFactory ?? credentials.Key.CryptoProviderFactory;
        var signer = factory.CreateForSigning(credentials.Key, credentials.Algorithm);
        try
        {
            var newSignature = signer.Sign(Encoding.ASCII.GetBytes($"{header}.{newPayload}"));
            return $"{header}.{newPayload}.{Base64UrlEncoder.Encode(newSignature)}";
        }
        finally
        {
            factory.ReleaseSignatureProvider(signer);
        }
    }
}
