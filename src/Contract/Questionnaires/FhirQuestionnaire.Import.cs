using System.Text.Json;
using System.Text.Json.Nodes;

namespace ContentPlatform.Contract.Questionnaires;

public static partial class FhirQuestionnaire
{
    /// <summary>
    /// Reads a FHIR R4 Questionnaire (ours or one shaped like it) back into a definition. Bad input gives errors naming
    /// the JSON path; it never throws. Extensions we do not know are ignored, because other FHIR tools add their own.
    /// </summary>
    /// <remarks>Without a <c>language</c> element the plain texts are taken as Bokmål, the platform's default source language.</remarks>
    public static FhirImportResult Import(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            return Failed("$", $"Not valid JSON: {e.Message}");
        }

        try
        {
            var reader = new FhirQuestionnaireReader();
            var definition = reader.Read(root);
            return reader.Errors.Count == 0 && definition is not null
                ? new FhirImportResult(definition, [])
                : new FhirImportResult(null, reader.Errors);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            // Import is a boundary for files from outside; a shape the reader did not foresee (for example duplicate
            // property names, which JsonObject rejects lazily) must still come back as an error, not an exception.
            return Failed("$", $"Unreadable Questionnaire: {e.Message}");
        }
    }

    private static FhirImportResult Failed(string path, string message) => new(null, [new FhirImportError(path, message)]);
}
