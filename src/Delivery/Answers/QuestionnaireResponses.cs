using System.Text.Json;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Contract.Questionnaires;
using R4 = Hl7.Fhir.Model;

namespace ContentPlatform.Delivery.Answers;

/// <summary>
/// Stored questionnaire submissions as FHIR R4 QuestionnaireResponses, each against the release the patient answered
/// (its canonical URL and version). One builder for the patient's data download and the care team's FHIR endpoint.
/// </summary>
public sealed class QuestionnaireResponses(ReleaseStore releases)
{
    public async Task<List<R4.QuestionnaireResponse>> BuildAsync(string patientId, IEnumerable<(string ProgramId, QuestionnaireResult Result)> results,
        CancellationToken ct)
    {
        var responses = new List<R4.QuestionnaireResponse>();
        foreach (var (programId, result) in results)
        {
            // Releases are immutable and kept, so the definition the patient answered is always there; a release that
            // is not (a database restored without its content) yields no response rather than one against another text.
            var release = await releases.GetAsync(programId, result.Release, ct);
            var definition = release?.Content.Questionnaires.FirstOrDefault(q => q.Id == result.QuestionnaireId);
            if (definition is null)
            {
                continue;
            }
            var answers = JsonSerializer.Deserialize<Dictionary<string, int>>(result.AnswersJson) ?? [];
            responses.Add(FhirQuestionnaireResponse.Create(definition,
                FhirUrls.QuestionnaireCanonical(programId, result.QuestionnaireId, result.Release),
                new SubmittedAnswers(result.SubmissionId, patientId, answers, result.SubmittedAt),
                release!.Content.SourceLanguage));
        }
        return responses;
    }

    /// <summary>A Bundle of the responses: <c>searchset</c> for a search, <c>collection</c> for a download.</summary>
    public static R4.Bundle Bundle(IReadOnlyCollection<R4.QuestionnaireResponse> responses, R4.Bundle.BundleType type) => new()
    {
        Type = type,
        Total = type == R4.Bundle.BundleType.Searchset ? responses.Count : null,
        Entry = [.. responses.Select(r => new R4.Bundle.EntryComponent
        {
            FullUrl = $"urn:uuid:{r.Id}",
            Resource = r,
            Search = type == R4.Bundle.BundleType.Searchset ? new R4.Bundle.SearchComponent { Mode = R4.Bundle.SearchEntryMode.Match } : null,
        })],
    };
}
