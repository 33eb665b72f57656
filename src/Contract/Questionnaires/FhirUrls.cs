namespace ContentPlatform.Contract.Questionnaires;

/// <summary>
/// Extension URLs in our FHIR Questionnaire and QuestionnaireResponse resources (documented in docs/fhir.md). The two
/// HL7 ones are understood by any FHIR tool; ours carry what FHIR has no element for (bands, alerts, schedule, the
/// shared scale, the computed score) so that importing our own export loses nothing.
/// </summary>
public static class FhirUrls
{
    public const string Translation = "http://hl7.org/fhir/StructureDefinition/translation";
    public const string OrdinalValue = "http://hl7.org/fhir/StructureDefinition/ordinalValue";

    private const string Base = "https://contentplatform.no/fhir/";
    private const string Ours = Base + "StructureDefinition/";

    /// <summary>Repeats; valueCode is <c>module-start</c>, <c>weekly</c> or <c>program-end</c>.</summary>
    public const string Schedule = Ours + "questionnaire-schedule";

    /// <summary>valueBoolean.</summary>
    public const string ShowResultToPatient = Ours + "questionnaire-show-result-to-patient";

    /// <summary>valueCode <c>clinical</c> or <c>evaluation</c>; absent means clinical.</summary>
    public const string Kind = Ours + "questionnaire-kind";

    /// <summary>Repeats, one per shared scale option; sub-extensions <c>value</c> (valueInteger) and <c>text</c> (valueString).</summary>
    public const string ScaleOption = Ours + "questionnaire-scale-option";

    /// <summary>Repeats; sub-extensions <c>from</c>, <c>to</c> (valueInteger), <c>color</c> (valueCode), <c>label</c> (valueString).</summary>
    public const string Band = Ours + "questionnaire-band";

    /// <summary>Repeats; sub-extensions <c>item</c> (valueString linkId), <c>atLeast</c> (valueInteger), <c>color</c>, <c>reason</c>.</summary>
    public const string Alert = Ours + "questionnaire-alert";

    /// <summary>
    /// On an answerOption, valueMarkdown (with translation extensions): the safety message shown to a patient who chose it.
    /// On a scale option or band it is the sub-extension <c>safetyMessage</c> instead.
    /// </summary>
    public const string SafetyMessage = Ours + "questionnaire-safety-message";

    /// <summary>On a question, valueBoolean true: its answerOptions are a copy of the shared scale, not its own.</summary>
    public const string UsesScale = Ours + "questionnaire-item-uses-scale";

    /// <summary>
    /// On a question, valueInteger: its place in the definition. Only written when grouping by sub-scale would
    /// otherwise reorder the items (a sub-scale's items are not next to each other).
    /// </summary>
    public const string ItemPosition = Ours + "questionnaire-item-position";

    /// <summary>
    /// On a QuestionnaireResponse; sub-extensions <c>total</c> and <c>max</c> (valueInteger), <c>band</c> and
    /// <c>trafficLight</c> (valueCode green/yellow/red, only when there is one), and one <c>subscale</c> per sub-scale
    /// (valueString <c>id=score</c>). Computed by the platform's scorer when the answers were submitted.
    /// </summary>
    public const string Score = Ours + "questionnaire-response-score";

    /// <summary>Identifier system of a submission's one-time id (QuestionnaireResponse.identifier).</summary>
    public const string SubmissionSystem = Base + "sid/submission";

    /// <summary>
    /// The canonical URL of a questionnaire of a program: <c>https://contentplatform.no/fhir/Questionnaire/PROGRAM.QUESTIONNAIRE</c>;
    /// the version is the program's release number. Questionnaire ids are unique only within their program, and program
    /// ids hold no dots, so the pair names one questionnaire.
    /// </summary>
    public static FhirCanonical QuestionnaireCanonical(string programId, string questionnaireId, int? release) =>
        new($"{Base}Questionnaire/{programId}.{questionnaireId}", release?.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
