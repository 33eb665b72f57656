using System.Text.Json;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using R4 = Hl7.Fhir.Model;

namespace ContentPlatform.Contract.Questionnaires;

public static partial class FhirQuestionnaire
{
    /// <summary>
    /// Reads a FHIR R4 Questionnaire (ours or one shaped like it) back into a definition, in three steps that each
    /// report every problem with its path: Firely's parser (shape and types), Firely's validator against the R4 base
    /// specification (cardinality, invariants), then our reading (only choice questions with ordinal values score).
    /// It never throws. Extensions we do not know are ignored, because other FHIR tools add their own.
    /// </summary>
    /// <remarks>Without a <c>language</c> element the plain texts are taken as Bokmål, the platform's default source language.</remarks>
    public static FhirImportResult Import(string json)
    {
        // The resource type is checked first so that a QuestionnaireResponse is named as such, not as a list of
        // elements a Questionnaire does not have.
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Failed("$", "Expected a JSON object (a FHIR resource).", FhirImportCodes.NotJson);
            }
            var type = document.RootElement.TryGetProperty("resourceType", out var t) ? t.ToString() : "";
            if (type != "Questionnaire")
            {
                return Failed("resourceType", $"Expected \"Questionnaire\", found \"{type}\".", FhirImportCodes.ResourceType);
            }
        }
        catch (JsonException e)
        {
            return Failed("$", $"Not valid JSON: {e.Message}", FhirImportCodes.NotJson);
        }

        R4.Questionnaire questionnaire;
        try
        {
            questionnaire = JsonSerializer.Deserialize<R4.Questionnaire>(json, FhirJson.Options)!;
        }
        catch (DeserializationFailedException e)
        {
            return new(null, [.. e.Exceptions.Select(Unreadable).Distinct()]);
        }
        catch (JsonException e)
        {
            return Failed("$", $"Not valid JSON: {e.Message}", FhirImportCodes.NotJson);
        }

        var invalid = FhirSpecification.Errors(questionnaire);
        if (invalid.Count > 0)
        {
            return new(null, invalid);
        }
        var reader = new FhirQuestionnaireReader();
        var definition = reader.Read(questionnaire);
        return reader.Errors.Count == 0 ? new(definition, []) : new(null, reader.Errors);
    }

    private static FhirImportError Unreadable(CodedException e) => e is ExtendedCodedException extended
        // The parser names the root "$this" when it has not yet seen the resource type.
        ? new((extended.InstancePath ?? "$").Replace("$this", "Questionnaire", StringComparison.Ordinal), $"{extended.BaseErrorMessage} (line {extended.LineNumber}, position {extended.Position})", FhirImportCodes.Unreadable)
        : new("$", e.Message, FhirImportCodes.Unreadable);

    private static FhirImportResult Failed(string path, string message, string code) => new(null, [new FhirImportError(path, message, code)]);
}
