namespace ContentPlatform.Contract.Questionnaires;

/// <summary>
/// Scores answers the Helsenorge way: each chosen option's value counts towards its item's sub-scale and the total.
/// Pure and static so Delivery (scoring a submission) and the Cms (previewing a questionnaire) agree by construction.
/// </summary>
public static class QuestionnaireScorer
{
    public static QuestionnaireScore Score(QuestionnaireDefinition definition, IReadOnlyDictionary<string, int> answers)
    {
        var errors = FindErrors(definition, answers);
        if (errors.Count > 0)
        {
            return new QuestionnaireScore { Errors = errors };
        }

        var total = 0;
        // TryAdd rather than ToDictionary: a repeated sub-scale id is the validator's to report, not a crash here.
        var subscaleTotals = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var subscale in definition.Subscales)
        {
            subscaleTotals.TryAdd(subscale.Id, 0);
        }
        var unanswered = new List<string>();
        foreach (var item in definition.Items)
        {
            if (!answers.TryGetValue(item.Id, out var value))
            {
                unanswered.Add(item.Id);
                continue;
            }
            total += value;
            if (item.Subscale is not null && subscaleTotals.ContainsKey(item.Subscale))
            {
                subscaleTotals[item.Subscale] += value;
            }
        }

        // Bands are defined for totals of complete answers: a half-answered form would land in a milder band than
        // the patient's and show a reassuring green that nobody measured.
        var isComplete = unanswered.Count == 0;
        var band = isComplete ? definition.Bands.FirstOrDefault(b => b.Contains(total)) : null;

        // Alerts look at single answers, so they fire even when other items are still open.
        var alerts = definition.Alerts
            .Where(a => answers.TryGetValue(a.Item, out var value) && value >= a.AtLeast)
            .Select(a => new FiredAlert(a.Item, a.Color, a.Reason))
            .ToList();

        return new QuestionnaireScore
        {
            Total = total,
            Subscales = definition.Subscales.Select(s => new SubscaleScore(s.Id, subscaleTotals[s.Id])).ToList(),
            Band = band is null ? null : new ScoredBand(band.Color, band.Label),
            Alerts = alerts,
            IsComplete = isComplete,
            UnansweredItems = unanswered,
            TrafficLight = Worst(band?.Color, alerts.Select(a => a.Color)),
        };
    }

    private static List<AnswerError> FindErrors(QuestionnaireDefinition definition, IReadOnlyDictionary<string, int> answers)
    {
        var items = new Dictionary<string, QuestionnaireItem>(StringComparer.Ordinal);
        foreach (var item in definition.Items)
        {
            items.TryAdd(item.Id, item);
        }

        var errors = new List<AnswerError>();
        foreach (var (itemId, value) in answers.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            if (!items.TryGetValue(itemId, out var item))
            {
                errors.Add(new AnswerError(itemId, "unknown-item", $"Item '{itemId}' is not in questionnaire '{definition.Id}'."));
                continue;
            }
            var options = definition.OptionsFor(item);
            if (!options.Any(o => o.Value == value))
            {
                var allowed = string.Join(", ", options.Select(o => o.Value));
                errors.Add(new AnswerError(itemId, "invalid-value", $"Item '{itemId}' has no option with value {value} (allowed: {allowed})."));
            }
        }
        return errors;
    }

    private static SeverityColor? Worst(SeverityColor? band, IEnumerable<SeverityColor> alerts)
    {
        var worst = band;
        foreach (var color in alerts)
        {
            if (worst is null || color > worst)
            {
                worst = color;
            }
        }
        return worst;
    }
}
