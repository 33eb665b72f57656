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
