using System.Security.Claims;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ContentPlatform.DemoIdp;

/// <summary>What differs between the two personalities: scopes, claim names and how a person becomes claims.</summary>
public static class Flavour
{
    public const string HelseIdPidScope = "helseid://scopes/identity/pid";
    public const string HelseIdAssuranceScope = "helseid://scopes/identity/assurance_level";
    public const string HelseIdPidClaim = "helseid://claims/identity/pid";
    public const string HelseIdAssuranceClaim = "helseid://claims/identity/assurance_level";
    public const string HelseIdHprClaim = "helseid://claims/hpr/hpr_number";
    public const string PidClaim = "pid";
    public const string LocaleClaim = "locale";

    /// <summary>Private to the provider: rides in the authorization code to the token endpoint, never into a token.</summary>
    public const string FaultClaim = "demo_fault";

    public static string[] ScopesOf(DemoIdpOptions options) => options.IsHelseId
        ? [Scopes.OpenId, Scopes.Profile, HelseIdPidScope, HelseIdAssuranceScope]
        : [Scopes.OpenId, Scopes.Profile];

    public static string[] ClaimsOf(DemoIdpOptions options) => options.IsHelseId
        ? [Claims.Subject, BackchannelLogout.SessionIdClaim, Claims.Name, Claims.GivenName, Claims.FamilyName, Claims.AuthenticationMethodReference, Claims.AuthenticationContextReference, HelseIdPidClaim, HelseIdAssuranceClaim, HelseIdHprClaim]
        : [Claims.Subject, BackchannelLogout.SessionIdClaim, Claims.Name, Claims.GivenName, Claims.FamilyName, Claims.AuthenticationMethodReference, Claims.AuthenticationContextReference, PidClaim, LocaleClaim];

    /// <summary>The level a person may choose: at least what the client asked for, never above what the person has.</summary>
    public static bool MayUse(TestPerson person, string level, string? requested) =>
        Rank(level) > 0 && Rank(level) <= Rank(person.HighestLevel) && Rank(level) >= Rank(requested);

    /// <summary>The lowest level among `acr_values` (ID-porten treats the list as acceptable levels); none: substantial.</summary>
    public static string RequestedLevel(OpenIddictRequest request) =>
        request.AcrValues?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(v => Rank(v) > 0).MinBy(Rank) ?? TestPersons.Substantial;

    private static int Rank(string? level) => level switch
    {
        TestPersons.Substantial => 1,
        TestPersons.High => 2,
        _ => 0,
    };

    public static ClaimsPrincipal Principal(DemoIdpOptions options, TestPerson person, string level, string clientId, IEnumerable<string> requestedScopes, string sessionId, string? fault)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        var scopes = requestedScopes.Intersect(ScopesOf(options)).ToList();
        var profile = scopes.Contains(Scopes.Profile);
        identity.SetClaim(Claims.AuthenticationContextReference, level);
        identity.SetClaim(BackchannelLogout.SessionIdClaim, sessionId);
        if (options.IsHelseId)
        {
            identity.SetClaim(Claims.Subject, person.Sub ?? person.Pid);
            identity.AddClaim(Array(Claims.AuthenticationMethodReference, "pwd", "otp"));
            if (scopes.Contains(HelseIdPidScope))
            {
                identity.SetClaim(HelseIdPidClaim, person.Pid);
            }
            if (scopes.Contains(HelseIdAssuranceScope))
            {
                identity.SetClaim(HelseIdAssuranceClaim, level == TestPersons.High ? "high" : "substantial");
            }
            if (person.HprNumber is not null)
            {
                identity.SetClaim(HelseIdHprClaim, person.HprNumber);
            }
        }
        else
        {
            identity.SetClaim(Claims.Subject, TestPersons.PairwiseSub(person.Pid, clientId));
            identity.SetClaim(PidClaim, person.Pid);
            identity.AddClaim(Array(Claims.AuthenticationMethodReference, level == TestPersons.High ? "BankID" : "MinID-PIN"));
            identity.SetClaim(LocaleClaim, person.Locale);
        }
        if (profile)
        {
            identity.SetClaim(Claims.Name, person.Name);
            identity.SetClaim(Claims.GivenName, person.GivenName);
            identity.SetClaim(Claims.FamilyName, person.FamilyName);
        }
        if (!string.IsNullOrEmpty(fault) && fault != TokenFaultNames.None)
        {
            identity.SetClaim(FaultClaim, fault);
        }
        identity.SetScopes(scopes);
        identity.SetDestinations(claim => claim.Type == FaultClaim
            ? []
            : [Destinations.IdentityToken, Destinations.AccessToken]);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>A JSON array claim: `amr` is an array even with one value, as at ID-porten and HelseID.</summary>
    /// OpenIddict writes a claim whose value type is JSON_ARRAY into the token as that array.
    private static Claim Array(string type, params string[] values) =>
        new(type, JsonSerializer.Serialize(values), Microsoft.IdentityModel.JsonWebTokens.JsonClaimValueTypes.JsonArray);
}
