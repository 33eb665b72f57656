namespace ContentPlatform.Contract.Questionnaires;

/// <summary>
/// The outcome of reading a FHIR Questionnaire: a definition, or errors that each name a JSON path
/// (<c>$.item[0].item[2].answerOption[1]</c>) and say what is wrong there. Never both.
/// </summary>
public sealed record FhirImportResult(QuestionnaireDefinition? Definition, IReadOnlyList<FhirImportError> Errors)
{
    public bool Succeeded => Definition is not null;
}

public sealed record FhirImportError(string Path, string Message);
