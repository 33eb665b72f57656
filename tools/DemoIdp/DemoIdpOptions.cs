namespace ContentPlatform.DemoIdp;

public static class Flavours
{
    public const string IdPorten = "idporten";
    public const string HelseId = "helseid";
}

/// <summary>The `DemoIdp` settings section: `--DemoIdp:Flavour=helseid --DemoIdp:Clients:0:ClientId=…`.</summary>
public sealed class DemoIdpOptions
{
    public string Flavour { get; set; } = Flavours.IdPorten;

    /// <summary>Empty: the base URL the request came in on (so a provider on a free port needs no configuration).</summary>
    public string? Issuer { get; set; }

    /// <summary>Tests only: the login form offers a "Fault" that spoils the ID token of that one sign-in.</summary>
    public bool Faults { get; set; }

    /// <summary>Empty: the defaults run.sh relies on (see <see cref="DefaultClients"/>).</summary>
    public List<DemoClientOptions> Clients { get; set; } = [];

    public bool IsHelseId => Flavour == Flavours.HelseId;

    public IReadOnlyList<DemoClientOptions> EffectiveClients => Clients.Count > 0 ? Clients : DefaultClients(Flavour);

    public static IReadOnlyList<DemoClientOptions> DefaultClients(string flavour) => flavour == Flavours.HelseId
        ?
        [
            new() { ClientId = "delivery-helseid", ClientSecret = "demo-secret", RedirectUris = ["http://localhost:5000/signin-helseid"], PostLogoutRedirectUris = ["http://localhost:5000/"], BackchannelLogoutUri = "http://localhost:5000/signout-oidc-backchannel" },
            new() { ClientId = "cms-helseid", ClientSecret = "demo-secret", RedirectUris = ["http://localhost:5001/signin-helseid"], PostLogoutRedirectUris = ["http://localhost:5001/"], BackchannelLogoutUri = "http://localhost:5001/signout-oidc-backchannel" },
        ]
        :
        [
            new() { ClientId = "delivery-idporten", ClientSecret = "demo-secret", RedirectUris = ["http://localhost:5000/signin-idporten"], PostLogoutRedirectUris = ["http://localhost:5000/"], BackchannelLogoutUri = "http://localhost:5000/signout-oidc-backchannel" },
        ];
}

public sealed class DemoClientOptions
{
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";

    /// <summary>PEM file with the client's RSA public key: the client signs in with private_key_jwt and has no secret.</summary>
    public string? PublicKeyFile { get; set; }

    public List<string> RedirectUris { get; set; } = [];
    public List<string> PostLogoutRedirectUris { get; set; } = [];

    /// <summary>Where a signed `logout_token` is posted when the person signs out at the provider (optional).</summary>
    public string? BackchannelLogoutUri { get; set; }
}
