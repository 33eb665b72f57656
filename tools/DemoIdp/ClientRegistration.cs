using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ContentPlatform.DemoIdp;

/// <summary>
/// Registers the configured clients at start: confidential, code flow with PKCE, the flavour's scopes. A client with a
/// public key authenticates with private_key_jwt (as HelseID requires) and has no secret; the others use client_secret_basic.
/// </summary>
public static class ClientRegistration
{
    public static async Task RegisterAsync(IServiceProvider services, DemoIdpOptions options)
    {
        var manager = services.GetRequiredService<IOpenIddictApplicationManager>();
        foreach (var client in options.EffectiveClients)
        {
            var descriptor = new OpenIddictApplicationDescriptor
            {
                ClientId = client.ClientId,
                ClientSecret = string.IsNullOrEmpty(client.PublicKeyFile) ? client.ClientSecret : null,
                JsonWebKeySet = string.IsNullOrEmpty(client.PublicKeyFile) ? null : PublicKeys(client.PublicKeyFile),
                ClientType = ClientTypes.Confidential,
                DisplayName = client.ClientId,
                Requirements = { Requirements.Features.ProofKeyForCodeExchange },
                Permissions =
                {
                    Permissions.Endpoints.Authorization,
                    Permissions.Endpoints.Token,
                    Permissions.Endpoints.EndSession,
                    Permissions.GrantTypes.AuthorizationCode,
                    Permissions.ResponseTypes.Code,
                },
            };
            foreach (var scope in Flavour.ScopesOf(options).Where(s => s != Scopes.OpenId))
            {
                descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
            }
            foreach (var uri in client.RedirectUris)
            {
                descriptor.RedirectUris.Add(new Uri(uri));
            }
            foreach (var uri in client.PostLogoutRedirectUris)
            {
                descriptor.PostLogoutRedirectUris.Add(new Uri(uri));
            }
            await manager.CreateAsync(descriptor);
        }
    }

    /// <summary>The client's RSA public key (PEM) as the key set its client assertions are checked against.</summary>
    private static JsonWebKeySet PublicKeys(string pemFile)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(pemFile));
        var key = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(includePrivateParameters: false)));
        key.Use = JsonWebKeyUseNames.Sig;
        var set = new JsonWebKeySet();
        set.Keys.Add(key);
        return set;
    }
}
