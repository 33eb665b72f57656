using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ContentPlatform.DemoIdp;

/// <summary>Registers the configured clients at start: confidential, code flow with PKCE, the flavour's scopes.</summary>
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
                ClientSecret = client.ClientSecret,
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
}
