namespace ContentPlatform.Delivery.Analytics;

/// <summary>
/// Which days a period may start or end on without a difference of two periods revealing a small group
/// (docs/analytics.md, "Differences between periods"). A count over a period is a sum of a per-day series (patients by
/// the day their enrollment was created, or events by the day they happened). The days are cut into fixed blocks, each
/// holding 0 or at least k; a count is shown only when both ends of its period are block edges. Then every shown count,
/// and every sum or difference of shown counts, covers whole blocks — never part of one — so no combination of any
/// number of periods gives back fewer than k.
/// </summary>
public static class Boundaries
{
    /// <summary>
    /// Edges of a series that does not depend on the period end (enrollments per creation day, completions per day):
    /// blocks are cut from the first day on, so they are the same for every page, whatever its end. The days after the
    /// last full block are no edge until the block fills up.
    /// </summary>
    public static bool IsEdge(IReadOnlyDictionary<int, int> series, int day, int k)
    {
        var pending = 0;
        foreach (var (d, count) in series.Where(x => x.Key < day && x.Value > 0).OrderBy(x => x.Key))
        {
            pending += count;
            if (pending >= k)
            {
                pending = 0; // an edge right after day d
            }
        }
        return pending == 0;
    }

    /// <summary>
    /// Edges of a series counted as of one period end (started, completed, dropped out … by that end): blocks are cut
    /// from the end backwards, so the end is always an edge and every page with that end agrees. A remainder under k at
    /// the oldest data joins the block after it, so a period reaching back before all data may start anywhere there.
    /// </summary>
    public static bool IsStart(IReadOnlyDictionary<int, int> series, int start, int end, int k)
    {
        if (start >= end)
        {
            return start == end;
        }
        var days = series.Where(x => x.Key < end && x.Value > 0).OrderByDescending(x => x.Key).ToList();
        var edges = new List<int> { end };
        var pending = 0;
        foreach (var (d, count) in days)
        {
            pending += count;
            if (pending >= k)
            {
                edges.Add(d); // an edge right before day d
                pending = 0;
            }
        }
        var merged = pending > 0 && edges.Count > 1;
        if (merged)
        {
            edges.RemoveAt(edges.Count - 1);
        }
        if (days.Count == 0 || (start <= days[^1].Key && (pending == 0 || merged)))
        {
            return true; // before all data (the oldest block holds at least k), or no data at all
        }
        // Otherwise an edge only in the run of empty days just before an edge.
        var next = edges.Where(e => e >= start).Min();
        return !days.Any(x => x.Key >= start && x.Key < next);
    }

    /// <summary>The sum of a series over days in [from, end).</summary>
    public static int Sum(IReadOnlyDictionary<int, int> series, int from, int end) =>
        series.Where(x => x.Key >= from && x.Key < end).Sum(x => x.Value);
}
