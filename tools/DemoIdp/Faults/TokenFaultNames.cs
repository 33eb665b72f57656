namespace ContentPlatform.DemoIdp;

/// <summary>The faults the login form offers when `DemoIdp:Faults=true` (tests only; never in the demo).</summary>
public static class TokenFaultNames
{
    public const string None = "none";
    public const string WrongIssuer = "wrong-issuer";
    public const string WrongAudience = "wrong-audience";
    public const string BadSignature = "bad-signature";
    public const string AlgNone = "alg-none";
    public const string Expired = "expired";
    public const string NoNonce = "no-nonce";

    public const string WrongIssuerValue = "https://wrong-issuer.invalid/";
    public const string WrongAudienceValue = "someone-else";

    public static IReadOnlyList<string> All { get; } = [None, WrongIssuer, WrongAudience, BadSignature, AlgNone, Expired, NoNonce];
}
