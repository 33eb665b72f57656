namespace ContentPlatform.Delivery.Analytics;

/// <summary>
/// Suppression across pages. An organisation's count is the sum of its programs' counts (and the platform's the sum of
/// its organisations'), so a program's hidden count could be recovered from the organisation page minus its siblings'
/// pages. Each additive count is therefore also treated as one part of its parent's partition, computed the same way
/// on every sibling's page, so all siblings agree on what is hidden. Distinct-patient counts (unique, active) are not
/// sums and are not affected.
/// </summary>
public static class SiblingSuppression
{
    public static readonly string[] Additive = [Indicators.Enrolled, Indicators.Started, Indicators.Completed, Indicators.Dropout, Indicators.InProgress];

    /// <summary>Raw (unprotected) additive counts of a set of facts; never leaves the server.</summary>
    public static Dictionary<string, int> RawCounts(IndicatorFacts facts, Period period)
    {
        var end = period.End;
        var cohort = facts.Enrollments.Where(e => period.Contains(e.CreatedAt)).ToList();
        var ids = cohort.Select(e => e.Id).ToHashSet();
        var modules = facts.Modules.Where(m => ids.Contains(m.EnrollmentId) && m.StartedAt < end).ToLookup(m => m.EnrollmentId);
        var started = cohort.Where(e => modules[e.Id].Any()).ToList();
        var endDay = ActivityAggregator.DayOf(period.To);
        var completed = started.Count(e => IndicatorCalculator.CompletedAll(e, modules[e.Id], facts.ModuleOrder, end));
        var dropout = started.Count(e => !IndicatorCalculator.CompletedAll(e, modules[e.Id], facts.ModuleOrder, end)
                                         && IndicatorCalculator.LastActive(e, modules[e.Id], facts.LastActiveDay, end) < endDay - Indicators.DropoutDays);
        return new()
        {
            [Indicators.Enrolled] = cohort.Count, [Indicators.Started] = started.Count, [Indicators.Completed] = completed,
            [Indicators.Dropout] = dropout, [Indicators.InProgress] = started.Count - completed - dropout,
        };
    }

    /// <summary>The additive keys the partition over <paramref name="siblings"/> hides for sibling <paramref name="self"/>.</summary>
    public static IEnumerable<string> HiddenKeys(int self, IReadOnlyList<Dictionary<string, int>> siblings, int k) =>
        Additive.Where(key =>
        {
            var values = siblings.Select(s => s[key]).ToList();
            return SmallCells.Partition(values.Sum(), values, k).Parts[self].Suppressed;
        }).ToList();

    /// <summary>Hides <paramref name="keys"/> in <paramref name="report"/>, then restores the page's own rules.</summary>
    public static IndicatorReport Apply(IndicatorReport report, IEnumerable<string> keys, Dictionary<string, int> own, int k)
    {
        var summary = new Dictionary<string, Cell>(report.Summary);
        foreach (var key in keys)
        {
            summary[key] = Cell.Hidden;
        }
        string[] outcome = [Indicators.Completed, Indicators.Dropout, Indicators.InProgress];
        if (summary[Indicators.Started].Suppressed)
        {
            foreach (var key in outcome)
            {
                summary[key] = Cell.Hidden;
            }
        }
        else if (outcome.Count(key => summary[key].Suppressed) == 1)
        {
            // One hidden outcome would be started − the other two: hide the smallest shown one with it.
            var next = outcome.Where(key => !summary[key].Suppressed).OrderBy(key => own[key]).First();
            summary[next] = Cell.Hidden;
        }
        summary[Indicators.CompletionRate] = SmallCells.Share(summary[Indicators.Completed], summary[Indicators.Started], k);
        summary[Indicators.DropoutRate] = SmallCells.Share(summary[Indicators.Dropout], summary[Indicators.Started], k);
        return report with { Summary = summary };
    }
}
