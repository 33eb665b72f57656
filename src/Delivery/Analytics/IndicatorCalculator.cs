namespace ContentPlatform.Delivery.Analytics;

/// <summary>
/// Distinct-patient counts from the activity aggregate, computed in SQL: per window and per trend bucket, and the same for
/// each part of the scope (programs of an organisation, organisations of the platform) to check the overlaps.
/// </summary>
public sealed record ActivityCounts(int Active7, int Active30, IReadOnlyDictionary<DateOnly, int> ActivePerBucket)
{
    public int? ChildrenActive7 { get; init; }
    public int? ChildrenActive30 { get; init; }
    public IReadOnlyDictionary<DateOnly, int> ChildrenActivePerBucket { get; init; } = new Dictionary<DateOnly, int>();
}

/// <summary>
/// One questionnaire's per-day series by creation day, as of the period end: patients measured twice (a first/last
/// pair), per change bin, the sum of their changes, and those from red/yellow, to green and not to green.
/// </summary>
public sealed record RawScore(string QuestionnaireId, IReadOnlyDictionary<int, int> Pairs, IReadOnlyList<IReadOnlyDictionary<int, int>> Bins,
    IReadOnlyDictionary<int, int> ChangeSum, IReadOnlyDictionary<int, int> FromRedOrYellow, IReadOnlyDictionary<int, int> ToGreen,
    IReadOnlyDictionary<int, int> NotGreen);

/// <summary>
/// The unprotected numbers of one scope, as the aggregate queries return them (<see cref="IndicatorQuery"/>): counts as
/// per-day series over all days before the period end (cohort by creation day, status as of the end), so the protection
/// can see which days a period may start on, and histograms for the period's statistics. Never leaves the server.
/// </summary>
public sealed record RawIndicators
{
    public IReadOnlyDictionary<int, int> Enrolled { get; init; } = Empty;
    public IReadOnlyDictionary<int, int> Started { get; init; } = Empty;
    public IReadOnlyDictionary<int, int> Completed { get; init; } = Empty;
    public IReadOnlyDictionary<int, int> Dropout { get; init; } = Empty;

    /// <summary>Patients by the day of their last enrollment in the scope before the end (a patient counts once).</summary>
    public IReadOnlyDictionary<int, int> Unique { get; init; } = Empty;

    /// <summary>Sum of the parts' unique patients in the period (programs of an organisation …); null without parts.</summary>
    public int? ChildrenUnique { get; init; }

    /// <summary>Per module of a single program's order: patients who opened it / completed it by the period end.</summary>
    public IReadOnlyList<IReadOnlyDictionary<int, int>> Reached { get; init; } = [];
    public IReadOnlyList<IReadOnlyDictionary<int, int>> ModuleCompleted { get; init; } = [];

    /// <summary>Per module: seconds from opening to completing → how many, in the period's cohort.</summary>
    public IReadOnlyList<IReadOnlyList<(long Seconds, int Count)>> ModuleSeconds { get; init; } = [];

    public IReadOnlyList<RawScore> Scores { get; init; } = [];

    /// <summary>Closed waits of the period's cohort: seconds → how many; and patients with a wait per creation day.</summary>
    public IReadOnlyList<(long Seconds, int Count)> WaitSeconds { get; init; } = [];
    public IReadOnlyDictionary<int, int> WaitPatients { get; init; } = Empty;

    public int Messages { get; init; }
    public int Minutes { get; init; }
    public IReadOnlyDictionary<int, int> MinutePatients { get; init; } = Empty;

    /// <summary>Modules completed per day by anyone in the scope (any cohort): the trend's completions.</summary>
    public IReadOnlyDictionary<int, int> Completions { get; init; } = Empty;

    private static readonly Dictionary<int, int> Empty = [];
}

/// <summary>
/// Turns the raw numbers of one scope into a protected report. Pure (no database, no clock), so every rule is tested
/// on its own. The cohort is the enrollments created in the period; everything is as of its end.
/// </summary>
public static class IndicatorCalculator
{
    public static IndicatorReport Protect(string scope, RawIndicators raw, ActivityCounts activity, Period period, int k,
        TrendBucket bucket, IReadOnlyList<string> order)
    {
        var from = ActivityAggregator.DayOf(period.From);
        var end = ActivityAggregator.DayOf(period.To);
        int Sum(IReadOnlyDictionary<int, int> series) => Boundaries.Sum(series, from, end);
        // A count of the period's cohort is shown only when the period starts on an edge of its series (the end is
        // one by construction); enrollments do not depend on the end, so both ends must be edges of fixed blocks.
        bool Starts(IReadOnlyDictionary<int, int> series) => Boundaries.IsStart(series, from, end, k);
        var enrolledOk = Boundaries.IsEdge(raw.Enrolled, from, k) && Boundaries.IsEdge(raw.Enrolled, end, k);
        var inProgressSeries = raw.Started.Keys.ToDictionary(d => d,
            d => raw.Started[d] - raw.Completed.GetValueOrDefault(d) - raw.Dropout.GetValueOrDefault(d));

        var (enrolled, started, completed, dropout) = (Sum(raw.Enrolled), Sum(raw.Started), Sum(raw.Completed), Sum(raw.Dropout));
        var inProgress = started - completed - dropout;
        var reached = raw.Reached.Select(Sum).ToList();
        var summary = new Dictionary<string, Cell>();
        var funnel = new List<FunnelStep>();
        bool[] forced = [!enrolledOk, !Starts(raw.Started), .. raw.Reached.Select(r => !Starts(r)), !Starts(raw.Completed)];
        var chain = SmallCells.Chain([enrolled, started, .. reached, completed], k, forced);
        summary[Indicators.Enrolled] = chain[0];
        summary[Indicators.Started] = chain[1];
        for (var i = 0; i < order.Count; i++)
        {
            var doneHidden = !Starts(raw.ModuleCompleted[i]);
            var pair = SmallCells.Chain([reached[i], Sum(raw.ModuleCompleted[i])], k, [false, doneHidden]);
            funnel.Add(new FunnelStep(order[i], chain[2 + i], chain[2 + i].Suppressed ? Cell.Hidden : pair[1]));
        }
        // "Completed" is also the chain's last step: if the chain hides it (e.g. reached the last module − completed is
        // small), the partition must hide it too and find its complement.
        int[] hiddenFirst = [.. new[] { chain[^1].Suppressed, !Starts(raw.Dropout), !Starts(inProgressSeries) }
            .Select((hidden, i) => hidden ? i : -1).Where(i => i >= 0)];
        var (_, outcome) = SmallCells.Partition(started, [completed, dropout, inProgress], k, hiddenFirst);
        if (summary[Indicators.Started].Suppressed)
        {
            outcome = [Cell.Hidden, Cell.Hidden, Cell.Hidden];
        }
        summary[Indicators.Completed] = outcome[0];
        summary[Indicators.Dropout] = outcome[1];
        summary[Indicators.InProgress] = outcome[2];
        summary[Indicators.CompletionRate] = SmallCells.Share(outcome[0], summary[Indicators.Started], k);
        summary[Indicators.DropoutRate] = SmallCells.Share(outcome[1], summary[Indicators.Started], k);
        var unique = Sum(raw.Unique);
        summary[Indicators.UniquePatients] = !Starts(raw.Unique) || Overlaps(raw.ChildrenUnique, unique, k) ? Cell.Hidden : SmallCells.Count(unique, k);
        // Nested windows with one end: 30 days − 7 days must not be a small group either.
        summary[Indicators.Active30] = Overlaps(activity.ChildrenActive30, activity.Active30, k) ? Cell.Hidden : SmallCells.Count(activity.Active30, k);
        summary[Indicators.Active7] = Overlaps(activity.ChildrenActive7, activity.Active7, k)
                                      || (!summary[Indicators.Active30].Suppressed && SmallCells.IsSmall(activity.Active30 - activity.Active7, k))
            ? Cell.Hidden
            : SmallCells.Count(activity.Active7, k);
        AddCare(summary, raw, period, k, Starts(raw.Started) ? started : 0, Sum, Starts);

        return new IndicatorReport
        {
            Scope = scope, From = period.From, To = period.To, K = k, Bucket = bucket, Summary = summary, Funnel = funnel,
            ModuleTimes = order.Select((m, i) => ModuleTimeOf(m, raw.ModuleSeconds[i], Starts(raw.ModuleCompleted[i]), k)).ToList(),
            Scores = raw.Scores.OrderBy(q => q.QuestionnaireId, StringComparer.Ordinal).Select(q => ScoreOf(q, from, end, k)).ToList(),
            Trend = Trend(raw, activity, period, bucket, k),
        };
    }

    /// <summary>
    /// Distinct patients of a whole and of its parts (programs of an organisation): the parts' sum minus the whole
    /// counts patients in more than one part, which must not be a small group either. Null: no parts.
    /// </summary>
    private static bool Overlaps(int? parts, int whole, int k) => parts is { } sum && SmallCells.IsSmall(sum - whole, k);

    private static ModuleTime ModuleTimeOf(string moduleId, IReadOnlyList<(long Seconds, int Count)> seconds, bool startsOnEdge, int k)
    {
        var days = seconds.Select(s => (s.Seconds / 86400.0, s.Count)).ToList();
        var n = days.Sum(d => d.Count);
        return new ModuleTime(moduleId, startsOnEdge || n == 0 ? SmallCells.Statistic(Round(Median(days), 1), n, k) : Cell.Hidden);
    }

    private static ScoreChange ScoreOf(RawScore q, int from, int end, int k)
    {
        // Each count is a per-day series: patients measured twice, per change bin, from red/yellow, and on to green.
        bool Starts(IReadOnlyDictionary<int, int> series) => Boundaries.IsStart(series, from, end, k);
        int Sum(IReadOnlyDictionary<int, int> series) => Boundaries.Sum(series, from, end);
        var n = Sum(q.Pairs);
        var bins = q.Bins.Select(Sum).ToList();
        var binsHidden = q.Bins.Select((series, i) => Starts(series) ? -1 : i).Where(i => i >= 0).ToList();
        var (patients, distribution) = SmallCells.Partition(n, bins, k, binsHidden);
        var (ryCount, greenCount) = (Sum(q.FromRedOrYellow), Sum(q.ToGreen));
        int[] ryHidden = [.. new[] { !Starts(q.ToGreen), !Starts(q.NotGreen) }.Select((hidden, i) => hidden ? i : -1).Where(i => i >= 0)];
        var (ryTotal, ryParts) = SmallCells.Partition(ryCount, [greenCount, ryCount - greenCount], k, ryHidden);
        if (!Starts(q.Pairs))
        {
            (patients, distribution) = (Cell.Hidden, [.. distribution.Select(_ => Cell.Hidden)]);
        }
        if (!Starts(q.FromRedOrYellow))
        {
            (ryTotal, ryParts) = (Cell.Hidden, [Cell.Hidden, Cell.Hidden]);
        }
        double? mean = n == 0 ? null : Round(Sum(q.ChangeSum) / (double)n, 1);
        var meanCell = patients.Suppressed && n > 0 ? Cell.Hidden : SmallCells.Statistic(mean, n, k);
        return new ScoreChange(q.QuestionnaireId, patients, meanCell, distribution, ryTotal, ryParts[0], SmallCells.Share(ryParts[0], ryTotal, k));
    }

    private static void AddCare(Dictionary<string, Cell> summary, RawIndicators raw, Period period, int k, int started,
        Func<IReadOnlyDictionary<int, int>, int> sum, Func<IReadOnlyDictionary<int, int>, bool> starts)
    {
        var hours = raw.WaitSeconds.Select(w => (w.Seconds / 3600.0, w.Count)).ToList();
        var waitPatients = starts(raw.WaitPatients) ? sum(raw.WaitPatients) : 0;
        var waitsHidden = !starts(raw.WaitPatients) && hours.Count > 0;
        summary[Indicators.ResponseMedian] = waitsHidden ? Cell.Hidden : SmallCells.Statistic(Round(Median(hours), 1), waitPatients, k);
        summary[Indicators.ResponseP90] = waitsHidden ? Cell.Hidden : SmallCells.Statistic(Round(Percentile(hours, 0.9), 1), waitPatients, k);
        summary[Indicators.MessagesPerPatientWeek] = started == 0 && sum(raw.Started) > 0 ? Cell.Hidden : SmallCells.Statistic(
            started == 0 ? null : Round(raw.Messages / (double)started / period.Weeks, 2), started, k);
        var minutePatients = sum(raw.MinutePatients);
        var minutesHidden = !starts(raw.MinutePatients) && minutePatients > 0;
        double? mean = minutePatients == 0 ? null : raw.Minutes / (double)minutePatients;
        summary[Indicators.MinutesPerPatient] = minutesHidden ? Cell.Hidden : SmallCells.Statistic(Round(mean, 1), minutePatients, k);
        summary[Indicators.MinutesPerPatientWeek] = minutesHidden ? Cell.Hidden : SmallCells.Statistic(Round(mean / period.Weeks, 1), minutePatients, k);
    }

    private static List<TrendPoint> Trend(RawIndicators raw, ActivityCounts activity, Period period, TrendBucket bucket, int k)
    {
        var starts = BucketStarts(period, bucket);
        var from = ActivityAggregator.DayOf(period.From);
        var end = ActivityAggregator.DayOf(period.To);
        var edges = starts.Select(s => ActivityAggregator.DayOf(s)).Append(end).ToList();
        // New enrollments and completions per bucket are sums of fixed per-day series: a bucket is shown only when both
        // its edges are block edges (Boundaries), so no two pages' buckets differ by part of a block. Distinct active
        // patients are shown only for whole calendar weeks or months (not a bucket cut short by the period), which are
        // the same on every page.
        var newPer = edges.Zip(edges.Skip(1), (a, b) => Boundaries.Sum(raw.Enrolled, a, b)).ToArray();
        var newHidden = edges.Zip(edges.Skip(1), (a, b) => !Boundaries.IsEdge(raw.Enrolled, a, k) || !Boundaries.IsEdge(raw.Enrolled, b, k))
            .Select((hidden, i) => hidden ? i : -1).Where(i => i >= 0).ToList();
        var (_, newCells) = SmallCells.Partition(Boundaries.Sum(raw.Enrolled, from, end), newPer, k, newHidden);
        return starts.Select((s, i) =>
        {
            var (a, b) = (edges[i], edges[i + 1]);
            var completions = Boundaries.IsEdge(raw.Completions, a, k) && Boundaries.IsEdge(raw.Completions, b, k)
                ? SmallCells.Count(Boundaries.Sum(raw.Completions, a, b), k)
                : Cell.Hidden;
            var whole = IsWholeBucket(s, ActivityAggregator.DateOf(b), bucket);
            var active = activity.ActivePerBucket.GetValueOrDefault(s);
            var overlap = activity.ChildrenActivePerBucket.Count > 0 && SmallCells.IsSmall(activity.ChildrenActivePerBucket.GetValueOrDefault(s) - active, k);
            return new TrendPoint(s, newCells[i], whole && !overlap ? SmallCells.Count(active, k) : Cell.Hidden, completions);
        }).ToList();
    }

    private static bool IsWholeBucket(DateOnly start, DateOnly end, TrendBucket bucket) => bucket == TrendBucket.Week
        ? start.DayOfWeek == DayOfWeek.Monday && end == start.AddDays(7)
        : start.Day == 1 && end == start.AddMonths(1);

    /// <summary>Bucket starts covering the period: Mondays for weeks, the 1st for months; the first bucket starts at the period start.</summary>
    public static List<DateOnly> BucketStarts(Period period, TrendBucket bucket)
    {
        var starts = new List<DateOnly> { period.From };
        var toMonday = ((int)DayOfWeek.Monday - (int)period.From.DayOfWeek + 7) % 7;
        var next = bucket == TrendBucket.Week
            ? period.From.AddDays(toMonday == 0 ? 7 : toMonday)
            : new DateOnly(period.From.Year, period.From.Month, 1).AddMonths(1);
        while (next < period.To)
        {
            starts.Add(next);
            next = bucket == TrendBucket.Week ? next.AddDays(7) : next.AddMonths(1);
        }
        return starts;
    }

    /// <summary>Median of values given with their counts (a histogram), as of the sorted list they stand for.</summary>
    public static double? Median(IReadOnlyList<(double Value, int Count)> values)
    {
        var n = values.Sum(v => v.Count);
        if (n == 0)
        {
            return null;
        }
        var sorted = values.Where(v => v.Count > 0).OrderBy(v => v.Value).ToList();
        return n % 2 == 1 ? Nth(sorted, n / 2) : (Nth(sorted, n / 2 - 1) + Nth(sorted, n / 2)) / 2;
    }

    /// <summary>Nearest-rank percentile: the smallest value with at least p of the values at or below it.</summary>
    public static double? Percentile(IReadOnlyList<(double Value, int Count)> values, double p)
    {
        var n = values.Sum(v => v.Count);
        return n == 0 ? null : Nth(values.Where(v => v.Count > 0).OrderBy(v => v.Value).ToList(), Math.Max(0, (int)Math.Ceiling(p * n) - 1));
    }

    /// <summary>The value at zero-based rank <paramref name="rank"/> of the sorted histogram.</summary>
    private static double Nth(List<(double Value, int Count)> sorted, int rank)
    {
        foreach (var (value, count) in sorted)
        {
            if (rank < count)
            {
                return value;
            }
            rank -= count;
        }
        throw new ArgumentOutOfRangeException(nameof(rank));
    }

    private static double? Round(double? value, int digits) => value is { } v ? Math.Round(v, digits, MidpointRounding.AwayFromZero) : null;
}
