using System.Security.Claims;
using System.Security.Cryptography;
using ContentPlatform.Platform.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ContentPlatform.Platform.ExternalLogin;

/// <summary>
/// private_key_jwt (RFC 7523, OpenID Connect Core 9): the app proves who it is at the token endpoint with a short JWT signed
/// by its own key instead of a shared secret. HelseID requires it; the handler sends it when the event sets it.
/// </summary>
public static class ClientAssertion
{
    public const string Type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    public const string AssertionTokenType = "client-authentication+jwt";

    public static RsaSecurityKey LoadKey(string file, string setting) =>
        TryLoadKey(file, out var key) is { } problem ? throw new StartupConfigurationException(setting, problem) : key!;

    /// <summary>Why <paramref name="file"/> is not a usable key, or null (the start-up check).</summary>
    public static string? KeyProblem(string file)
    {
        var problem = TryLoadKey(file, out var key);
        (key?.Rsa as IDisposable)?.Dispose();
        return problem;
    }

    private static string? TryLoadKey(string file, out RsaSecurityKey? key)
    {
        key = null;
        if (!File.Exists(file))
        {
            return $"the key file '{file}' does not exist.";
        }
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(File.ReadAllText(file));
        }
        catch (ArgumentException)
        {
            rsa.Dispose();
            return $"'{file}' holds no PEM RSA private key.";
        }
        key = new RsaSecurityKey(rsa);
        return null;
    }

    /// <summary>
    /// Valid for one minute, used once (a fresh jti), typed <c>client-authentication+jwt</c> and addressed to the
    /// provider's issuer identifier — both as draft-ietf-oauth-rfc7523bis asks (HelseID and OpenIddict expect it), so the
    /// assertion can be neither mistaken for another kind of JWT nor replayed at another endpoint of the provider.
    /// </summary>
    public static string Create(string clientId, string issuer, RsaSecurityKey key, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = clientId,
            Audience = issuer,
            Subject = new ClaimsIdentity([new Claim("sub", clientId), new Claim("jti", Guid.NewGuid().ToString("N"))]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(1),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
            TokenType = AssertionTokenType,
        });
    }
}
