using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Contract.Questionnaires;

/// <summary>The <c>missing-text</c> rule: every text a patient or therapist reads must exist in every required language.</summary>
internal static class QuestionnaireTextCheck
{
    public static void Run(
        QuestionnaireDefinition definition, IReadOnlyList<string> languages, List<QuestionnaireProblem> problems)
    {
        void Check(LocalizedText? text, string path)
        {
            var missing = languages.Where(l => text is null || !text.Has(l)).ToList();
            if (missing.Count > 0)
            {
                problems.Add(new(QuestionnaireProblemCodes.MissingText, path,
                    $"Text is missing in {string.Join(", ", missing)}."));
            }
        }

        void CheckOptions(IReadOnlyList<AnswerOption> options, string path)
        {
            for (var i = 0; i < options.Count; i++)
            {
                Check(options[i].Text, $"{path}[{i}].text");
            }
        }

        Check(definition.Title, "title");
        Check(definition.Intro, "intro");
        CheckOptions(definition.Scale, "scale");
        for (var i = 0; i < definition.Items.Count; i++)
        {
            var item = definition.Items[i];
            var path = QuestionnaireValidator.ItemPath(item, i);
            Check(item.Text, $"{path}.text");
            if (item.Options is not null)
            {
                CheckOptions(item.Options, $"{path}.options");
            }
        }
        for (var i = 0; i < definition.Subscales.Count; i++)
        {
            Check(definition.Subscales[i].Title, $"subscales[{i}].title");
        }
        for (var i = 0; i < definition.Bands.Count; i++)
        {
            Check(definition.Bands[i].Label, $"bands[{i}].label");
        }
        for (var i = 0; i < definition.Alerts.Count; i++)
        {
            Check(definition.Alerts[i].Reason, $"alerts[{i}].reason");
        }
    }
}
