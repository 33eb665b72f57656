namespace ContentPlatform.Contract.Questionnaires;

/// <summary>
/// The outcome of reading a FHIR Questionnaire: a definition, or errors that each name a FHIRPath location
/// (<c>Questionnaire.item[0].item[2].answerOption[1]</c>, as Firely's parser and validator write it) and say what is wrong
/// there. Never both.
/// </summary>
public sealed record FhirImportResult(QuestionnaireDefinition? Definition, IReadOnlyList<FhirImportError> Errors)
{
    public bool Succeeded => Definition is not null;
}

/// <summary>
/// One problem. <see cref="Message"/> is English (the SDK's own words for what it found); <see cref="Code"/>
/// (<see cref="FhirImportCodes"/>) lets an app say it in the user's language. <see cref="Path"/> is <c>$</c> for the
/// file as a whole.
/// </summary>
public sealed record FhirImportError(string Path, string Message, string Code = FhirImportCodes.Invalid);

public static class FhirImportCodes
{
    /// <summary>The text is not JSON, or not a JSON object.</summary>
    public const string NotJson = "fhir-not-json";

    /// <summary>A resource of another type than Questionnaire.</summary>
    public const string ResourceType = "fhir-resource-type";

    /// <summary>The SDK could not read an element (wrong type, unknown element, bad code); its message says which.</summary>
    public const string Unreadable = "fhir-unreadable";

    /// <summary>The validator found the resource breaks the base specification (cardinality, invariants such as que-2).</summary>
    public const string Invalid = "fhir-invalid";

    /// <summary>Valid FHIR, but not something the platform can score (no ordinal, a free-text question, nested groups…).</summary>
    public const string Unsupported = "fhir-unsupported";

    /// <summary>One of our extensions is incomplete or holds a value we do not know (a band colour, a schedule).</summary>
    public const string Extension = "fhir-extension";

    /// <summary>The Questionnaire has no id: the platform keys questionnaires by it.</summary>
    public const string NoId = "fhir-no-id";
}
