using System.Security.Cryptography;
using System.Text;

namespace ContentPlatform.DemoIdp;

/// <summary>A person who can sign in at the demo provider.</summary>
/// <param name="Pid">
/// An 11-digit synthetic national identity number: the month is written + 80 (as in Skatteetaten's synthetic test
/// numbers, so it can never be a real person's number) and both check digits are valid (mod 11), so validators accept it.
/// </param>
/// <param name="HighestLevel">ID-porten: the highest level the person can reach (MinID: substantial; BankID: high).</param>
/// <param name="Sub">HelseID: the stable subject; ID-porten's subject is pairwise per client (<see cref="TestPersons.PairwiseSub"/>).</param>
public sealed record TestPerson(
    string Pid,
    string GivenName,
    string FamilyName,
    string HighestLevel,
    string Locale = "nb",
    string? Sub = null,
    string? HprNumber = null,
    string Role = "",
    string RoleNn = "")
{
    /// <summary>What the person is for, in the login page's language (Bokmål unless the page is in Nynorsk).</summary>
    public string RoleIn(string language) => language == "nn" && RoleNn.Length > 0 ? RoleNn : Role;

    public string Name => $"{GivenName} {FamilyName}";
}

/// <summary>
/// The fixed test persons of both flavours, listed on the login page and in the README. Tests of the apps copy these
/// values (the apps never reference the demo provider).
/// </summary>
public static class TestPersons
{
    public const string Substantial = "idporten-loa-substantial";
    public const string High = "idporten-loa-high";

    /// <summary>Demo only: the key of the pairwise subject (HMAC-SHA256 of pid and client id), fixed so tests can predict it.</summary>
    public const string PairwiseKey = "demo-idporten-pairwise-key";

    // ID-porten: patients.
    public static readonly TestPerson KariNordmann = new("12838510068", "Kari", "Nordmann", High, Role: "Pasient (BankID: høyt eller betydelig nivå)",
        RoleNn: "Pasient (BankID: høgt eller betydeleg nivå)");
    public static readonly TestPerson OlaNordmann = new("24919210040", "Ola", "Nordmann", High, Role: "Pasient (BankID: høyt eller betydelig nivå)",
        RoleNn: "Pasient (BankID: høgt eller betydeleg nivå)");
    public static readonly TestPerson SigridFjellheim = new("05877810099", "Sigrid", "Fjellheim", High, Locale: "nn", Role: "Pasient som leser nynorsk (BankID)",
        RoleNn: "Pasient som les nynorsk (BankID)");
    public static readonly TestPerson AslakAasen = new("17858010039", "Aslak", "Aasen", Substantial, Role: "Pasient med bare MinID (bare betydelig nivå)",
        RoleNn: "Pasient med berre MinID (berre betydeleg nivå)");

    // HelseID: staff. Subjects are fixed strings in HelseID's style (stable per person, the same for every client).
    public static readonly TestPerson TerjeTerapeut = new("09897510062", "Terje", "Terapeut", High,
        Sub: "helseid-sub-terje-terapeut", HprNumber: "9144889", Role: "Terapeut (helsepersonell med HPR-nummer)",
        RoleNn: "Terapeut (helsepersonell med HPR-nummer)");
    public static readonly TestPerson KlaraKlinikkleiar = new("21828810062", "Klara", "Klinikkleiar", High,
        Sub: "helseid-sub-klara-klinikkleiar", Role: "Klinikkleder (administrerer ansatte i Delivery)",
        RoleNn: "Klinikkleiar (administrerer tilsette i Delivery)");
    public static readonly TestPerson EliRedaktor = new("14926910001", "Eli", "Redaktør", High,
        Sub: "helseid-sub-eli-redaktor", Role: "Redaktør i Cms", RoleNn: "Redaktør i Cms");
    public static readonly TestPerson RuneFagvurderer = new("03909010038", "Rune", "Fagvurderer", High,
        Sub: "helseid-sub-rune-fagvurderer", HprNumber: "9144897", Role: "Fagvurderer i Cms (helsepersonell med HPR-nummer)",
        RoleNn: "Fagvurderar i Cms (helsepersonell med HPR-nummer)");
    public static readonly TestPerson SivSubstans = new("30817710065", "Siv", "Substans", Substantial,
        Sub: "helseid-sub-siv-substans", HprNumber: "9144900", Role: "Terapeut på betydelig nivå (erstatter ikke andre faktor)",
        RoleNn: "Terapeut på betydeleg nivå (erstattar ikkje andre faktor)");

    public static IReadOnlyList<TestPerson> IdPorten { get; } = [KariNordmann, OlaNordmann, SigridFjellheim, AslakAasen];

    public static IReadOnlyList<TestPerson> HelseId { get; } = [TerjeTerapeut, KlaraKlinikkleiar, EliRedaktor, RuneFagvurderer, SivSubstans];

    public static IReadOnlyList<TestPerson> For(string flavour) => flavour == Flavours.HelseId ? HelseId : IdPorten;

    /// <summary>ID-porten gives each client its own subject for a person, so two clients cannot join their users.</summary>
    public static string PairwiseSub(string pid, string clientId) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(PairwiseKey), Encoding.UTF8.GetBytes(pid + "|" + clientId)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
