namespace ContentPlatform.Contract.Rendering;

/// <summary>
/// The few interface words block markup needs, in nb and nn. They live beside the renderers (not in one app's resource
/// files) because the Cms preview and the patient site must render a block identically.
/// </summary>
public sealed record RenderTexts(
    string Transcript, string Info, string Tip, string Warning, string YourAnswer, string Save, string Send,
    string CheckAnswer, string Correct, string Incorrect, string Download, string Saved, string NotSavedYet,
    string VideoNotSupported, string Bokmal, string Nynorsk)
{
    public static readonly RenderTexts Bokmal_ = new(
        "Tekstversjon", "Til informasjon", "Tips", "Viktig", "Ditt svar", "Lagre", "Send inn",
        "Sjekk svaret", "Riktig", "Ikke riktig", "Last ned", "Lagret", "Ikke lagret ennå",
        "Nettleseren din kan ikke spille av videoen. Les tekstversjonen under.", "Bokmål", "Nynorsk");

    public static readonly RenderTexts Nynorsk_ = new(
        "Tekstversjon", "Til informasjon", "Tips", "Viktig", "Svaret ditt", "Lagre", "Send inn",
        "Sjekk svaret", "Rett", "Ikkje rett", "Last ned", "Lagra", "Ikkje lagra enno",
        "Nettlesaren din kan ikkje spele av videoen. Les tekstversjonen under.", "Bokmål", "Nynorsk");

    public static RenderTexts For(string language) => language == "nn" ? Nynorsk_ : Bokmal_;

    public string LanguageName(string code) => code switch
    {
        "nb" => Bokmal,
        "nn" => Nynorsk,
        _ => code,
    };
}
