using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Cms.ContentApi;

/// <summary>Section "ContentApi": keys for consumers of the read API (each Delivery site, other integrations).</summary>
public sealed class ContentApiOptions
{
    public const string Section = "ContentApi";

    public List<ApiKeyEntry> Keys { get; set; } = [];
}

public sealed class ApiKeyEntry
{
    public string Name { get; set; } = "";
    public string Key { get; set; } = "";
}

internal sealed class ContentApiOptionsValidator : IValidateOptions<ContentApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ContentApiOptions options)
    {
        var errors = options.Keys.Select((k, i) => (k, i))
            .Where(x => x.k.Key.Length < 32 || string.IsNullOrWhiteSpace(x.k.Name))
            .Select(x => $"ContentApi:Keys:{x.i} needs a Name and a Key of at least 32 characters.").ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>
/// "Authorization: ApiKey KEY" (or "X-Api-Key: KEY"). Keys are compared as SHA-256 hashes in constant time, so neither
/// the comparison's timing nor a memory dump of the lookup table gives a key away.
/// </summary>
public sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeyRing ring) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? presented = null;
        var authorization = Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase))
        {
            presented = authorization["ApiKey ".Length..].Trim();
        }
        else if (Request.Headers.TryGetValue("X-Api-Key", out var header))
        {
            presented = header.ToString();
        }
        if (string.IsNullOrEmpty(presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        foreach (var (name, keyHash) in KeyHashes())
        {
            if (CryptographicOperations.FixedTimeEquals(hash, keyHash))
            {
                var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], SchemeName);
                return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
            }
        }
        return Task.FromResult(AuthenticateResult.Fail("unknown API key"));
    }

    private (string Name, byte[] Hash)[] KeyHashes() => ring.Hashes;
}

/// <summary>The configured keys' SHA-256 hashes, computed once and again when configuration reloads.</summary>
public sealed class ApiKeyRing
{
    public ApiKeyRing(IOptionsMonitor<ContentApiOptions> options)
    {
        Hashes = Compute(options.CurrentValue);
        options.OnChange(o => Hashes = Compute(o));
    }

    public (string Name, byte[] Hash)[] Hashes { get; private set; }

    private static (string, byte[])[] Compute(ContentApiOptions options) =>
        options.Keys.Select(k => (k.Name, SHA256.HashData(Encoding.UTF8.GetBytes(k.Key)))).ToArray();
}
