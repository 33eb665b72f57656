
namespace ContentPlatform.Contract.Questionnaires;

/// <summary>
/// Safety messages: which ones a submission shows the patient, and which alert rules would fire without one. Pure, so the
/// Cms publish check and Delivery's patient pages read the same rules.
/// </summary>
public static class QuestionnaireSafety
{
    /// <summary>
    /// The messages of the chosen options (in item order) and of the band the total falls in, each text once: a shared
    /// scale's message chosen on several items is shown a single time.
    /// </summary>
    public static IReadOnlyList<LocalizedText> MessagesFor(QuestionnaireDefinition definition, IReadOnlyDictionary<string, int> answers)
    {
        var messages = new List<LocalizedText>();
        foreach (var item in definition.Items)
        {
            if (answers.TryGetValue(item.Id, out var value) &&
                definition.OptionsFor(item).FirstOrDefault(o => o.Value == value)?.SafetyMessage is { } message)
            {
                messages.Add(message);
            }
        }
        var complete = definition.Items.All(i => answers.ContainsKey(i.Id));
        if (complete && definition.Bands.FirstOrDefault(b => b.Contains(answers.Values.Sum()))?.SafetyMessage is { } bandMessage)
        {
            messages.Add(bandMessage);
        }
        return messages.Where(m => m.Count > 0)
            .DistinctBy(m => string.Join('\u001f', m.Select(t => $"{t.Key}={t.Value}")), StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Alert rules some answer can fire without the patient being shown a safety message: an option of the rule's item at
    /// or above its threshold carries none. (A band message does not count: it is shown only for a complete answer in that
    /// band, and an alert fires on one item whatever the total.)
    /// </summary>
    public static IEnumerable<AlertRule> RulesWithoutSafetyMessage(QuestionnaireDefinition definition) =>
        definition.Alerts.Where(rule => definition.Items.FirstOrDefault(i => i.Id == rule.Item) is { } item &&
                                        definition.OptionsFor(item).Any(o => o.Value >= rule.AtLeast && o.SafetyMessage is not { Count: > 0 }));
}
