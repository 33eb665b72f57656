using ContentPlatform.DemoIdp;
using Microsoft.AspNetCore.Builder;

namespace ContentPlatform.Tests.Infrastructure;

/// <summary>
/// A client the demo provider accepts: confidential (client_secret_basic or _post, or private_key_jwt when it has a
/// <paramref name="PublicKeyFile"/>), code flow with PKCE.
/// </summary>
public sealed record DemoClient(
    string ClientId,
    string RedirectUri,
    string? PostLogoutRedirectUri = null,
    string ClientSecret = "test-secret",
    string? BackchannelLogoutUri = null,
    string? PublicKeyFile = null);

/// <summary>
/// The demo OpenID provider (tools/DemoIdp) on a real Kestrel port on 127.0.0.1, in this test process: the apps' OpenID
/// Connect handler fetches its discovery document over HTTP like it would ID-porten's or HelseID's. Each test starts its
/// own (≈0.3 s warm); it holds no state beyond the process.
/// </summary>
public sealed class DemoIdpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DemoIdpServer(WebApplication app, string authority, string flavour)
    {
        _app = app;
        Authority = authority;
        Flavour = flavour;
    }

    /// <summary>The issuer and the base URL, with a trailing slash (`http://127.0.0.1:PORT/`), exactly as in the tokens.</summary>
    public string Authority { get; }

    public string Flavour { get; }

    /// <summary>The provider's services: tests craft logout tokens with its signing key (OpenIddict's server options).</summary>
    public IServiceProvider Services => _app.Services;

    /// <param name="flavour">`idporten` or `helseid` (<see cref="Flavours"/>).</param>
    /// <param name="faults">Offer the "Fault" select on the login form (<see cref="TokenFaultNames"/>).</param>
    public static async Task<DemoIdpServer> StartAsync(string flavour, bool faults, params DemoClient[] clients)
    {
        var args = new List<string> { "--urls", "http://127.0.0.1:0", $"--DemoIdp:Flavour={flavour}", $"--DemoIdp:Faults={faults}" };
        for (var i = 0; i < clients.Length; i++)
        {
            var c = clients[i];
            args.Add($"--DemoIdp:Clients:{i}:ClientId={c.ClientId}");
            args.Add($"--DemoIdp:Clients:{i}:ClientSecret={c.ClientSecret}");
            args.Add($"--DemoIdp:Clients:{i}:RedirectUris:0={c.RedirectUri}");
            if (c.PostLogoutRedirectUri is not null)
            {
                args.Add($"--DemoIdp:Clients:{i}:PostLogoutRedirectUris:0={c.PostLogoutRedirectUri}");
            }
            if (c.PublicKeyFile is not null)
            {
                args.Add($"--DemoIdp:Clients:{i}:PublicKeyFile={c.PublicKeyFile}");
            }
            if (c.BackchannelLogoutUri is not null)
            {
                args.Add($"--DemoIdp:Clients:{i}:BackchannelLogoutUri={c.BackchannelLogoutUri}");
            }
        }
        var app = await DemoIdpHost.CreateAsync([.. args]);
        await app.StartAsync();
        // With port 0, Urls holds the address Kestrel actually bound once it has started.
        return new DemoIdpServer(app, app.Urls.Single().TrimEnd('/') + "/", flavour);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
