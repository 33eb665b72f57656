namespace ContentPlatform.Contract.Questionnaires;

/// <summary>
/// Extension URLs in our FHIR Questionnaire export. The two HL7 ones are understood by any FHIR tool; ours carry what
/// FHIR has no element for (bands, alerts, schedule, the shared scale) so that importing our own export loses nothing.
/// </summary>
public static class FhirUrls
{
    public const string Translation = "http://hl7.org/fhir/StructureDefinition/translation";
    public const string OrdinalValue = "http://hl7.org/fhir/StructureDefinition/ordinalValue";

    private const string Ours = "https://contentplatform.no/fhir/StructureDefinition/";

    /// <summary>Repeats; valueCode is <c>module-start</c>, <c>weekly</c> or <c>program-end</c>.</summary>
    public const string Schedule = Ours + "questionnaire-schedule";

    /// <summary>valueBoolean.</summary>
    public const string ShowResultToPatient = Ours + "questionnaire-show-result-to-patient";

    /// <summary>Repeats, one per shared scale option; sub-extensions <c>value</c> (valueInteger) and <c>text</c> (valueString).</summary>
    public const string ScaleOption = Ours + "questionnaire-scale-option";

    /// <summary>Repeats; sub-extensions <c>from</c>, <c>to</c> (valueInteger), <c>color</c> (valueCode), <c>label</c> (valueString).</summary>
    public const string Band = Ours + "questionnaire-band";

    /// <summary>Repeats; sub-extensions <c>item</c> (valueString linkId), <c>atLeast</c> (valueInteger), <c>color</c>, <c>reason</c>.</summary>
    public const string Alert = Ours + "questionnaire-alert";

    /// <summary>On a question, valueBoolean true: its answerOptions are a copy of the shared scale, not its own.</summary>
    public const string UsesScale = Ours + "questionnaire-item-uses-scale";

    /// <summary>
    /// On a question, valueInteger: its place in the definition. Only written when grouping by sub-scale would
    /// otherwise reorder the items (a sub-scale's items are not next to each other).
    /// </summary>
    public const string ItemPosition = Ours + "questionnaire-item-position";
}
