namespace ContentPlatform.Delivery.Analytics;

/// <summary>
/// Small-number protection. A count of 1…k−1 patients is suppressed (primary), and further cells are suppressed so that
/// no suppressed value can be recovered by subtraction (complementary): from a partition's total, or from the
/// difference between two steps of a funnel. Zero is shown: "nobody" names no one.
/// </summary>
public static class SmallCells
{
    public static bool IsSmall(double value, int k) => value > 0 && value < k;

    /// <summary>A count, suppressed when small.</summary>
    public static Cell Count(int value, int k) => IsSmall(value, k) ? Cell.Hidden : Cell.Count(value);

    /// <summary>A statistic (median, mean, rate) over <paramref name="n"/> patients: suppressed when fewer than k.</summary>
    public static Cell Statistic(double? value, int n, int k) =>
        n < k || value is null ? (n == 0 ? new Cell(null, 0, false) : Cell.Hidden) : Cell.Statistic(value, n);

    /// <summary>
    /// A non-increasing chain (enrolled ≥ started ≥ reached module 2 ≥ …): a step is shown only when it is 0 or ≥ k and
    /// differs from the last shown step by 0 or ≥ k, so no subtraction of two shown steps yields a small group. Steps in
    /// <paramref name="hidden"/> are hidden for another reason and are not compared with.
    /// </summary>
    public static Cell[] Chain(IReadOnlyList<int> values, int k, IReadOnlyList<bool>? hidden = null)
    {
        var cells = new Cell[values.Count];
        int? lastShown = null;
        for (var i = 0; i < values.Count; i++)
        {
            var v = values[i];
            var show = hidden?[i] != true && !IsSmall(v, k) && (lastShown is not { } l || !IsSmall(l - v, k));
            cells[i] = show ? Cell.Count(v) : Cell.Hidden;
            if (show)
            {
                lastShown = v;
            }
        }
        return cells;
    }

    /// <summary>
    /// Parts that add up to a total which is shown (or derivable). Small parts are suppressed; then, while exactly one
    /// part is hidden, or the hidden parts together count fewer than k, the smallest shown part is hidden too. If that is
    /// impossible the total goes as well. Returns (total, parts).
    /// </summary>
    public static (Cell Total, Cell[] Parts) Partition(int total, IReadOnlyList<int> parts, int k, IReadOnlyCollection<int>? hiddenFirst = null)
    {
        var hidden = parts.Select((p, i) => IsSmall(p, k) || hiddenFirst?.Contains(i) == true).ToArray();
        while (true)
        {
            var hiddenCount = hidden.Count(h => h);
            var hiddenSum = parts.Where((_, i) => hidden[i]).Sum();
            if (hiddenCount == 0 || (hiddenCount >= 2 && hiddenSum >= k) || (hiddenCount >= 2 && hiddenSum == 0))
            {
                break;
            }
            var candidates = Enumerable.Range(0, parts.Count).Where(i => !hidden[i]).OrderBy(i => parts[i]).ToList();
            // Hiding a zero adds nothing to the hidden sum; prefer a positive part, but a zero still stops "the one hidden part is total − shown".
            var next = candidates.Cast<int?>().FirstOrDefault(i => parts[i!.Value] > 0 || hiddenCount == 1);
            if (next is null)
            {
                return (Cell.Hidden, parts.Select(_ => Cell.Hidden).ToArray());
            }
            hidden[next.Value] = true;
        }
        var totalCell = Count(total, k);
        return (totalCell, parts.Select((p, i) => hidden[i] ? Cell.Hidden : Cell.Count(p)).ToArray());
    }

    /// <summary>A share (percent, one decimal) of a part in a whole; hidden when either is hidden or the whole is under k.</summary>
    public static Cell Share(Cell part, Cell whole, int k) =>
        part.Suppressed || whole.Suppressed || whole.Value is null || whole.Value < k
            ? (whole.Value == 0 ? new Cell(null, 0, false) : Cell.Hidden)
            : Cell.Statistic(Math.Round(100.0 * part.Value!.Value / whole.Value.Value, 1), (int)whole.Value.Value);
}
