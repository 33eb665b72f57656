using System.Text.RegularExpressions;
using ContentPlatform.Contract.Releases;
using static ContentPlatform.Contract.Questionnaires.QuestionnaireProblemCodes;

namespace ContentPlatform.Contract.Questionnaires;

/// <summary>
/// Checks a definition before it can be published, so the scorer never meets a total without a band or an alert that
/// can never fire. Returns every problem at once (authors fix a file in one go) and never throws for bad content.
/// </summary>
public static partial class QuestionnaireValidator
{
    // The platform-wide id rule (docs/content-format.md, "Ids"): answers are keyed by these ids.
    [GeneratedRegex("^[a-z0-9-]{1,64}$")]
    private static partial Regex IdPattern();

    public static IReadOnlyList<QuestionnaireProblem> Validate(
        QuestionnaireDefinition definition, IReadOnlyList<string> requiredLanguages)
    {
        var problems = new List<QuestionnaireProblem>();
        CheckIds(definition, problems);
        CheckItems(definition, problems);
        CheckBands(definition, problems);
        CheckAlerts(definition, problems);
        CheckKind(definition, problems);
        QuestionnaireTextCheck.Run(definition, requiredLanguages, problems);
        return problems;
    }

    /// <summary>Smallest and largest total the items' options allow (items without options add nothing).</summary>
    public static (int Min, int Max) PossibleTotals(QuestionnaireDefinition definition)
    {
        int min = 0, max = 0;
        foreach (var item in definition.Items)
        {
            var options = definition.OptionsFor(item);
            if (options.Count > 0)
            {
                min += options.Min(o => o.Value);
                max += options.Max(o => o.Value);
            }
        }
        return (min, max);
    }

    /// <summary>Path segment for an item: by id when it has one (what authors search for), else by position.</summary>
    internal static string ItemPath(QuestionnaireItem item, int index) =>
        string.IsNullOrEmpty(item.Id) ? $"items[{index}]" : $"items[{item.Id}]";

    private static void CheckIds(QuestionnaireDefinition definition, List<QuestionnaireProblem> problems)
    {
        CheckId(definition.Id, "id", problems);
        for (var i = 0; i < definition.Items.Count; i++)
        {
            CheckId(definition.Items[i].Id, $"items[{i}].id", problems);
        }
        for (var i = 0; i < definition.Subscales.Count; i++)
        {
            CheckId(definition.Subscales[i].Id, $"subscales[{i}].id", problems);
        }
        Duplicates(definition.Items.Select(x => x.Id), DuplicateItemId, "items", "item", problems);
        Duplicates(definition.Subscales.Select(x => x.Id), DuplicateSubscaleId, "subscales", "sub-scale", problems);
    }

    private static void CheckId(string? id, string path, List<QuestionnaireProblem> problems)
    {
        if (id is null || !IdPattern().IsMatch(id))
        {
            problems.Add(new(InvalidId, path,
                $"Id '{id}' must be 1–64 characters of lower-case letters, digits and '-'."));
        }
    }

    private static void Duplicates(
        IEnumerable<string> ids, string code, string list, string noun, List<QuestionnaireProblem> problems)
    {
        foreach (var group in ids.Select((id, index) => (id, index)).GroupBy(x => x.id, StringComparer.Ordinal))
        {
            var positions = group.Select(x => x.index).ToList();
            if (positions.Count > 1)
            {
                problems.Add(new(code, $"{list}[{group.Key}]",
                    $"The {noun} id '{group.Key}' is used {positions.Count} times (positions {string.Join(", ", positions)})."));
            }
        }
    }

    private static void CheckItems(QuestionnaireDefinition definition, List<QuestionnaireProblem> problems)
    {
        var subscales = definition.Subscales.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        CheckOptionValues(definition.Scale, "scale", problems);
        for (var i = 0; i < definition.Items.Count; i++)
        {
            var item = definition.Items[i];
            var path = ItemPath(item, i);
            if (definition.OptionsFor(item).Count == 0)
            {
                problems.Add(new(ItemNoOptions, $"{path}.options",
                    $"Item '{item.Id}' has no answer options and the questionnaire has no shared scale."));
            }
            if (item.Options is not null)
            {
                CheckOptionValues(item.Options, $"{path}.options", problems);
            }
            if (item.Subscale is not null && !subscales.Contains(item.Subscale))
            {
                problems.Add(new(SubscaleUnknown, $"{path}.subscale",
                    $"Item '{item.Id}' counts towards sub-scale '{item.Subscale}', which is not listed under subscales."));
            }
        }
    }

    // Two options with one value would be indistinguishable in an answer and in FHIR (the value is the code).
    private static void CheckOptionValues(IReadOnlyList<AnswerOption> options, string path, List<QuestionnaireProblem> problems)
    {
        foreach (var value in options.GroupBy(o => o.Value).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            problems.Add(new(DuplicateOptionValue, path, $"More than one option has the value {value}."));
        }
    }

    private static void CheckBands(QuestionnaireDefinition definition, List<QuestionnaireProblem> problems)
    {
        // No bands means an unscored questionnaire (the traffic light then comes from alerts only);
        // once there is one band they must cover every total.
        if (definition.Bands.Count == 0)
        {
            return;
        }
        var (min, max) = PossibleTotals(definition);
        var usable = new List<(SeverityBand Band, int Index)>();
        for (var i = 0; i < definition.Bands.Count; i++)
        {
            var band = definition.Bands[i];
            if (band.From > band.To || band.From < min || band.To > max)
            {
                problems.Add(new(BandsOutOfRange, $"bands[{i}]",
                    $"Band {band.From}–{band.To} must lie within the possible totals {min}–{max} and start at or below its end."));
            }
            else
            {
                usable.Add((band, i));
            }
        }

        var sorted = usable.OrderBy(b => b.Band.From).ThenBy(b => b.Index).ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            var (previous, current) = (sorted[i - 1], sorted[i]);
            if (current.Band.From <= previous.Band.To)
            {
                problems.Add(new(BandsOverlap, $"bands[{current.Index}]",
                    $"Band {current.Band.From}–{current.Band.To} overlaps band {previous.Band.From}–{previous.Band.To} " +
                    $"(bands[{previous.Index}]) from total {current.Band.From}."));
            }
        }

        // Sweep the bands in order instead of testing every total: values are author-chosen and may be large.
        long next = min;
        foreach (var (band, _) in sorted)
        {
            if (band.From > next)
            {
                AddGap(next, band.From - 1L, min, max, problems);
            }
            next = Math.Max(next, band.To + 1L);
        }
        if (next <= max)
        {
            AddGap(next, max, min, max, problems);
        }
    }

    private static void AddGap(long first, long last, int min, int max, List<QuestionnaireProblem> problems)
    {
        var range = first == last ? $"total {first} is" : $"totals {first}–{last} are";
        problems.Add(new(BandsGap, "bands",
            $"No band covers {range} (first uncovered total: {first}; possible totals {min}–{max})."));
    }

    private static void CheckAlerts(QuestionnaireDefinition definition, List<QuestionnaireProblem> problems)
    {
        for (var i = 0; i < definition.Alerts.Count; i++)
        {
            var alert = definition.Alerts[i];
            var item = definition.Items.FirstOrDefault(x => x.Id == alert.Item);
            if (item is null)
            {
                problems.Add(new(AlertUnknownItem, $"alerts[{i}].item", $"Alert refers to item '{alert.Item}', which does not exist."));
                continue;
            }
            var options = definition.OptionsFor(item);
            if (options.Count == 0)
            {
                continue; // already reported as item-no-options
            }
            var (lowest, highest) = (options.Min(o => o.Value), options.Max(o => o.Value));
            if (alert.AtLeast > highest)
            {
                problems.Add(new(AlertUnreachable, $"alerts[{i}].atLeast",
                    $"Alert on '{alert.Item}' needs at least {alert.AtLeast}, but the item's highest value is {highest}."));
            }
            else if (alert.AtLeast <= lowest)
            {
                problems.Add(new(AlertAlwaysFires, $"alerts[{i}].atLeast",
                    $"Alert on '{alert.Item}' fires for every answer: its lowest value {lowest} already reaches {alert.AtLeast}."));
            }
        }
    }
}
