namespace ContentPlatform.Contract.Questionnaires;

public static partial class QuestionnaireValidator
{
    /// <summary>Problem code: a kind other than "clinical" or "evaluation".</summary>
    public const string UnknownKind = "unknown-kind";

    /// <summary>Problem code: an evaluation questionnaire with bands or alerts (its answers never reach a therapist).</summary>
    public const string EvaluationScored = "evaluation-scored";

    /// <summary>
    /// An evaluation questionnaire is the patient's view of the program for the content team: bands or alert rules on it
    /// would promise a clinical follow-up that never comes, so they are refused.
    /// </summary>
    public static void CheckKind(QuestionnaireDefinition definition, List<QuestionnaireProblem> problems)
    {
        if (definition.Kind is not null && !QuestionnaireKinds.All.Contains(definition.Kind))
        {
            problems.Add(new(UnknownKind, "kind", $"kind '{definition.Kind}' is not one of: {string.Join(", ", QuestionnaireKinds.All)}"));
        }
        if (QuestionnaireKinds.IsEvaluation(definition) && (definition.Bands.Count > 0 || definition.Alerts.Count > 0))
        {
            problems.Add(new(EvaluationScored, "kind", "an evaluation questionnaire has no bands or alert rules: nobody clinical reads its answers"));
        }
    }
}
