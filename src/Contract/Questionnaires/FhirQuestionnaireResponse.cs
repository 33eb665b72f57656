using System.Globalization;
using R4 = Hl7.Fhir.Model;

namespace ContentPlatform.Contract.Questionnaires;

/// <summary>One submitted answer set as the platform stores it: what <see cref="FhirQuestionnaireResponse.Create"/> needs.</summary>
/// <param name="Id">The submission's one-time id; becomes the resource id and identifier (no health data in it).</param>
/// <param name="PatientId">Our internal patient id, never a national id.</param>
public sealed record SubmittedAnswers(Guid Id, string PatientId, IReadOnlyDictionary<string, int> Answers, DateTimeOffset SubmittedAt);

/// <summary>
/// A submitted answer set as an HL7 FHIR R4 <c>QuestionnaireResponse</c>: linked to its Questionnaire by canonical URL and
/// version, items nested like the Questionnaire's (sub-scales as groups), each answer as the option's Coding with its
/// ordinal value, and the platform's computed score in the <see cref="FhirUrls.Score"/> extension.
/// </summary>
public static class FhirQuestionnaireResponse
{
    public static R4.QuestionnaireResponse Create(QuestionnaireDefinition definition, FhirCanonical canonical, SubmittedAnswers submitted,
        string sourceLanguage = "nb")
    {
        var score = QuestionnaireScorer.Score(definition, submitted.Answers);
        var id = submitted.Id.ToString("D");
        var response = new R4.QuestionnaireResponse
        {
            Id = id,
            Language = sourceLanguage,
            Identifier = new R4.Identifier(FhirUrls.SubmissionSystem, id),
            Questionnaire = canonical.ToString(),
            Status = R4.QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
            Subject = new R4.ResourceReference($"Patient/{submitted.PatientId}"),
            Authored = submitted.SubmittedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffK", CultureInfo.InvariantCulture),
            Extension = [Score(definition, score)],
        };

        // Same shape as the Questionnaire: answered questions of a sub-scale inside its group, the rest at the top level.
        var groups = definition.Subscales.Select(s => new R4.QuestionnaireResponse.ItemComponent { LinkId = s.Id }).ToList();
        var groupById = new Dictionary<string, R4.QuestionnaireResponse.ItemComponent>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            groupById.TryAdd(group.LinkId!, group);
        }
        var ungrouped = new List<R4.QuestionnaireResponse.ItemComponent>();
        foreach (var item in definition.Items)
        {
            var option = submitted.Answers.TryGetValue(item.Id, out var value) ? definition.OptionsFor(item).FirstOrDefault(o => o.Value == value) : null;
            if (option is null)
            {
                continue;
            }
            var coding = FhirQuestionnaire.Coding(option, sourceLanguage);
            coding.Extension.Add(new(FhirUrls.OrdinalValue, new R4.FhirDecimal(option.Value)));
            var answered = new R4.QuestionnaireResponse.ItemComponent { LinkId = item.Id, Answer = [new() { Value = coding }] };
            (item.Subscale is not null && groupById.TryGetValue(item.Subscale, out var group) ? group.Item : ungrouped).Add(answered);
        }
        response.Item = [.. groups.Where(g => g.Item.Count > 0), .. ungrouped];
        return response;
    }

    private static R4.Extension Score(QuestionnaireDefinition definition, QuestionnaireScore score)
    {
        var max = definition.Items.Sum(i => definition.OptionsFor(i).Select(o => o.Value).DefaultIfEmpty(0).Max());
        var extension = new R4.Extension { Url = FhirUrls.Score };
        extension.Extension.Add(new("total", new R4.Integer(score.Total)));
        extension.Extension.Add(new("max", new R4.Integer(max)));
        if (score.Band is { } band)
        {
            extension.Extension.Add(new("band", new R4.Code(QuestionnaireCodes.Of(band.Color))));
        }
        if (score.TrafficLight is { } light)
        {
            extension.Extension.Add(new("trafficLight", new R4.Code(QuestionnaireCodes.Of(light))));
        }
        foreach (var subscale in score.Subscales)
        {
            extension.Extension.Add(new("subscale", new R4.FhirString($"{subscale.Id}={subscale.Score.ToString(CultureInfo.InvariantCulture)}")));
        }
        return extension;
    }

    /// <summary>
    /// Checks a response against its Questionnaire, which Firely's validator does not do: the canonical reference, every
    /// linkId in the place the Questionnaire has it, questions answered once and only with one of their options' codes.
    /// Paths are FHIRPath locations in the response.
    /// </summary>
    public static IReadOnlyList<FhirImportError> Check(R4.QuestionnaireResponse response, R4.Questionnaire questionnaire)
    {
        var errors = new List<FhirImportError>();
        var expected = questionnaire.Version is null ? questionnaire.Url : $"{questionnaire.Url}|{questionnaire.Version}";
        if (response.Questionnaire != expected)
        {
            errors.Add(new("QuestionnaireResponse.questionnaire", $"Points at \"{response.Questionnaire}\", not at \"{expected}\"."));
        }
        CheckItems(response.Item, questionnaire.Item, "QuestionnaireResponse", errors);
        return errors;
    }

    private static void CheckItems(List<R4.QuestionnaireResponse.ItemComponent> answered, List<R4.Questionnaire.ItemComponent> defined,
        string parent, List<FhirImportError> errors)
    {
        for (var i = 0; i < answered.Count; i++)
        {
            var item = answered[i];
            var path = $"{parent}.item[{i}]";
            var definition = defined.Find(d => d.LinkId == item.LinkId);
            if (definition is null)
            {
                errors.Add(new($"{path}.linkId", $"The Questionnaire has no item \"{item.LinkId}\" here."));
                continue;
            }
            if (definition.Type == R4.Questionnaire.QuestionnaireItemType.Group)
            {
                if (item.Answer.Count > 0)
                {
                    errors.Add(new($"{path}.answer", $"\"{item.LinkId}\" is a group: it has items, not answers."));
                }
                CheckItems(item.Item, definition.Item, path, errors);
                continue;
            }
            if (item.Answer.Count > 1 && definition.Repeats != true)
            {
                errors.Add(new($"{path}.answer", $"\"{item.LinkId}\" takes one answer, found {item.Answer.Count}."));
            }
            for (var a = 0; a < item.Answer.Count; a++)
            {
                var code = (item.Answer[a].Value as R4.Coding)?.Code;
                if (!definition.AnswerOption.Any(o => o.Value is R4.Coding c && c.Code == code))
                {
                    errors.Add(new($"{path}.answer[{a}].value", $"\"{code}\" is not one of the options of \"{item.LinkId}\"."));
                }
            }
        }
    }
}
