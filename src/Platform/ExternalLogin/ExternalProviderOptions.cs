using ContentPlatform.Platform.Hosting;

namespace ContentPlatform.Platform.ExternalLogin;

/// <summary>
/// Section "Authentication:IdPorten" or "Authentication:HelseId": one OpenID provider. A scheme exists only when its
/// section does, so an app without the section signs in with passwords (and passkeys) alone.
/// </summary>
public sealed class ExternalProviderOptions
{
    /// <summary>The provider's issuer URL; its discovery document is read from here.</summary>
    public string Authority { get; set; } = "";
    public string ClientId { get; set; } = "";

    /// <summary>client_secret_basic. Either this or <see cref="PrivateKeyFile"/>.</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>PEM file with the RSA private key for private_key_jwt client authentication (what HelseID requires).</summary>
    public string PrivateKeyFile { get; set; } = "";

    /// <summary>Scopes besides <c>openid</c>; defaults per provider (<see cref="ExternalProvider.DefaultScopes"/>).</summary>
    public string[] Scopes { get; set; } = [];

    /// <summary>
    /// The lowest acceptable level, sent as <c>acr_values</c> and checked in the returned token (ID-porten default
    /// idporten-loa-substantial). Empty for HelseID: no acr_values is sent and any level is accepted, because HelseID's
    /// assurance level decides only the second factor.
    /// </summary>
    public string AcrValues { get; set; } = "";

    /// <summary>Off only for a provider on this machine (the demo provider on http://localhost).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The provider's defaults for what the section leaves out (scopes, minimum acr).</summary>
    public void ApplyDefaults(ExternalProvider provider)
    {
        if (Scopes.Length == 0)
        {
            Scopes = provider.DefaultScopes;
        }
        if (string.IsNullOrEmpty(AcrValues))
        {
            AcrValues = provider.DefaultAcr;
        }
    }

    /// <summary>The first broken setting of the section, or null (run by ValidateOnStart, after the defaults).</summary>
    public SettingProblem? Check(ExternalProvider provider)
    {
        SettingProblem Problem(string key, string problem) => new($"{provider.Section}:{key}", problem);
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
        {
            return Problem("Authority", "an absolute https URL of the provider (its issuer) is required.");
        }
        if (authority.Scheme == "http" && !authority.IsLoopback)
        {
            return Problem("Authority", "http is allowed only for a provider on this machine (localhost); use https.");
        }
        if (!RequireHttpsMetadata && !authority.IsLoopback)
        {
            return Problem("RequireHttpsMetadata", "false is allowed only for a provider on this machine (localhost).");
        }
        if (authority.Scheme == "http" && RequireHttpsMetadata)
        {
            return Problem("RequireHttpsMetadata", "set it to false for an http provider on localhost, or use https.");
        }
        if (string.IsNullOrWhiteSpace(ClientId))
        {
            return Problem("ClientId", "the client id the provider registered for this app is required.");
        }
        var hasSecret = !string.IsNullOrEmpty(ClientSecret);
        var hasKey = !string.IsNullOrEmpty(PrivateKeyFile);
        if (hasSecret == hasKey)
        {
            return Problem(hasKey ? "PrivateKeyFile" : "ClientSecret",
                "give exactly one of ClientSecret (client_secret_basic) and PrivateKeyFile (private_key_jwt).");
        }
        if (hasKey && ClientAssertion.KeyProblem(PrivateKeyFile) is { } keyProblem)
        {
            return Problem("PrivateKeyFile", keyProblem);
        }
        if (Scopes.Any(s => string.IsNullOrWhiteSpace(s) || s.Contains(' ', StringComparison.Ordinal)))
        {
            return Problem("Scopes", "one scope per entry, without spaces.");
        }
        if (AcrValues.Length > 0 && AssuranceLevels.Rank(AcrValues) < 0)
        {
            return Problem("AcrValues", $"'{AcrValues}' is not one of {string.Join(", ", AssuranceLevels.Known)}.");
        }
        return null;
    }
}

/// <summary>The two national providers: their scheme name (also the external-login provider name), section and defaults.</summary>
public sealed record ExternalProvider(string Scheme, string Section, string[] DefaultScopes, string DefaultAcr)
{
    public static readonly ExternalProvider IdPorten = new("idporten", "Authentication:IdPorten", ["profile"], AssuranceLevels.Substantial);

    public static readonly ExternalProvider HelseId = new("helseid", "Authentication:HelseId",
        ["profile", "helseid://scopes/identity/pid", "helseid://scopes/identity/assurance_level"], "");

    public static readonly ExternalProvider[] All = [IdPorten, HelseId];
}

/// <summary>ID-porten's levels of assurance (eIDAS), lowest first; HelseID issues the same acr values.</summary>
public static class AssuranceLevels
{
    public const string Substantial = "idporten-loa-substantial";
    public const string High = "idporten-loa-high";
    public static readonly string[] Known = [Substantial, High];

    /// <summary>-1 for an unknown value (which never satisfies a minimum).</summary>
    public static int Rank(string? acr) => Array.IndexOf(Known, acr);
}
