using System.Security.Claims;

namespace ContentPlatform.Platform.ExternalLogin;

/// <summary>
/// A person as the provider vouched for them, after the handler validated the token. A class, not a record: a record's
/// generated ToString would print <see cref="Pid"/> into any log line or exception that formats it.
/// </summary>
public sealed class ExternalIdentity
{
    public const string HelseIdAssurance = "helseid://claims/identity/assurance_level";

    public required string Scheme { get; init; }

    /// <summary>The provider's subject (pairwise per client at ID-porten, stable per person at HelseID).</summary>
    public required string Subject { get; init; }

    /// <summary>The national identity number (ID-porten's <c>pid</c>). Never logged, shown, stored or put in a URL.</summary>
    public string? Pid { get; init; }

    public string? Name { get; init; }
    public string? Locale { get; init; }
    public string? Acr { get; init; }
    public string? IdToken { get; init; }
    public IReadOnlyList<string> Amr { get; init; } = [];
    public string? AssuranceLevel { get; init; }

    /// <summary>The provider's session (<c>sid</c>), which its back-channel logout names; kept with the local session.</summary>
    public string? SessionId { get; init; }

    /// <summary>
    /// Strong authentication by the provider's own word: ID-porten's (or HelseID's) level high, or HelseID's assurance
    /// level high. Such a sign-in counts as the second factor (SecondFactor's amr=mfa); anything else does not.
    /// </summary>
    public bool IsStrong => Acr == AssuranceLevels.High || AssuranceLevel == "high";

    public override string ToString() => $"{Scheme} identity";

    public static ExternalIdentity? From(string scheme, ClaimsPrincipal principal, string? idToken)
    {
        if (principal.FindFirst("sub")?.Value is not { Length: > 0 } subject)
        {
            return null;
        }
        return new ExternalIdentity
        {
            Scheme = scheme,
            Subject = subject,
            Pid = principal.FindFirst("pid")?.Value,
            Name = principal.FindFirst("name")?.Value,
            Locale = principal.FindFirst("locale")?.Value,
            Acr = principal.FindFirst("acr")?.Value,
            Amr = principal.FindAll("amr").Select(c => c.Value).ToList(),
            AssuranceLevel = principal.FindFirst(HelseIdAssurance)?.Value,
            IdToken = idToken,
            SessionId = principal.FindFirst("sid")?.Value,
        };
    }
}
