namespace ContentPlatform.DemoIdp;

/// <summary>
/// The login page's few strings in Bokmål and Nynorsk. The language follows the client's `ui_locales` (nb default), as
/// at ID-porten; the page links to the other one. A dictionary, not resx: the provider is a small demo tool.
/// </summary>
public sealed class Texts(string language)
{
    private static readonly Dictionary<string, (string Nb, string Nn)> All = new()
    {
        ["Title.idporten"] = ("Demo-ID-porten: logg inn", "Demo-ID-porten: logg inn"),
        ["Title.helseid"] = ("Demo-HelseID: logg inn", "Demo-HelseID: logg inn"),
        ["Intro"] = ("Dette er en lokal testleverandør. Velg en testperson; ingen ekte identitet brukes.", "Dette er ein lokal testleverandør. Vel ein testperson; ingen ekte identitet vert brukt."),
        ["Client"] = ("Du logger inn på", "Du loggar inn på"),
        ["Person"] = ("Testperson", "Testperson"),
        ["Level"] = ("Sikkerhetsnivå", "Tryggleiksnivå"),
        ["Level.substantial"] = ("Betydelig (MinID)", "Betydeleg (MinID)"),
        ["Level.high"] = ("Høyt (BankID)", "Høgt (BankID)"),
        ["Fault"] = ("Feil i ID-token (kun tester)", "Feil i ID-token (berre testar)"),
        ["Login"] = ("Logg inn", "Logg inn"),
        ["Cancel"] = ("Avbryt", "Avbryt"),
        ["Other"] = ("Nynorsk", "Bokmål"),
        ["Error"] = ("Innloggingen kan ikke fullføres", "Innlogginga kan ikkje fullførast"),
        ["Error.person"] = ("Velg en testperson.", "Vel ein testperson."),
        ["Error.level"] = ("Personen har ikke dette sikkerhetsnivået, eller tjenesten krever et høyere nivå.", "Personen har ikkje dette tryggleiksnivået, eller tenesta krev eit høgare nivå."),
        ["Error.fault"] = ("Ukjent feiltype.", "Ukjend feiltype."),
        ["Requires"] = ("Tjenesten krever minst", "Tenesta krev minst"),
        ["SignedOut"] = ("Du er logget ut av demo-leverandøren.", "Du er logga ut av demo-leverandøren."),
    };

    public string Language { get; } = language == "nn" ? "nn" : "nb";

    public string OtherLanguage => Language == "nn" ? "nb" : "nn";

    public string this[string key] => All.TryGetValue(key, out var t) ? (Language == "nn" ? t.Nn : t.Nb) : key;

    /// <summary>`ui_locales` is a space-separated preference list; the first of nb/nn wins.</summary>
    public static Texts For(string? uiLocales) =>
        new(uiLocales?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(l => l is "nb" or "nn") ?? "nb");
}
