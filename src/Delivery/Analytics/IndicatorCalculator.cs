namespace ContentPlatform.Delivery.Analytics;

/// <summary>Counts from the activity aggregate, computed in SQL (distinct patients per window and per trend bucket).</summary>
public sealed record ActivityCounts(int Active7, int Active30, IReadOnlyDictionary<DateOnly, int> ActivePerBucket);

/// <summary>A questionnaire's score changes as counted by the database: patients measured twice by change, first and last light.</summary>
public sealed record RawScore(string QuestionnaireId, IReadOnlyList<(int Change, string? FirstLight, string? LastLight, int Count)> Pairs);

/// <summary>
/// The unprotected numbers of one scope and period, as the aggregate queries return them (<see cref="IndicatorQuery"/>).
/// Never leaves the server: <see cref="IndicatorCalculator.Protect"/> turns it into the report.
/// </summary>
public sealed record RawIndicators
{
    public int Enrolled { get; init; }
    public int UniquePatients { get; init; }
    public int Started { get; init; }
    public int Completed { get; init; }
    public int Dropout { get; init; }

    /// <summary>Per module of a single program's order: patients who opened it / completed it by the period end.</summary>
    public IReadOnlyList<int> Reached { get; init; } = [];
    public IReadOnlyList<int> ModuleCompleted { get; init; } = [];

    /// <summary>Per module: seconds from opening to completing → how many modules took that long.</summary>
    public IReadOnlyList<IReadOnlyList<(long Seconds, int Count)>> ModuleSeconds { get; init; } = [];

    public IReadOnlyList<RawScore> Scores { get; init; } = [];

    /// <summary>Closed waits opened in the period: seconds → how many.</summary>
    public IReadOnlyList<(long Seconds, int Count)> WaitSeconds { get; init; } = [];
    public int PatientsWithWaits { get; init; }
    public int Messages { get; init; }
    public int PatientsWithMinutes { get; init; }
    public int Minutes { get; init; }

    /// <summary>Cohort enrollments per creation day, and module completions per day (both within the period).</summary>
    public IReadOnlyDictionary<int, int> EnrolledPerDay { get; init; } = new Dictionary<int, int>();
    public IReadOnlyDictionary<int, int> CompletedPerDay { get; init; } = new Dictionary<int, int>();
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
        var inProgress = raw.Started - raw.Completed - raw.Dropout;
        var summary = new Dictionary<string, Cell>();
        var funnel = new List<FunnelStep>();
        var chain = SmallCells.Chain([raw.Enrolled, raw.Started, .. raw.Reached, raw.Completed], k);
        summary[Indicators.Enrolled] = chain[0];
        summary[Indicators.Started] = chain[1];
        for (var i = 0; i < order.Count; i++)
        {
            var pair = SmallCells.Chain([raw.Reached[i], raw.ModuleCompleted[i]], k);
            funnel.Add(new FunnelStep(order[i], chain[2 + i], chain[2 + i].Suppressed ? Cell.Hidden : pair[1]));
        }
        // "Completed" is also the chain's last step: if the chain hides it (e.g. reached the last module − completed is
        // small), the partition must hide it too and find its complement.
        var (_, outcome) = SmallCells.Partition(raw.Started, [raw.Completed, raw.Dropout, inProgress], k, hiddenFirst: chain[^1].Suppressed ? [0] : []);
        if (summary[Indicators.Started].Suppressed)
        {
            outcome = [Cell.Hidden, Cell.Hidden, Cell.Hidden];
        }
        summary[Indicators.Completed] = outcome[0];
        summary[Indicators.Dropout] = outcome[1];
        summary[Indicators.InProgress] = outcome[2];
        summary[Indicators.CompletionRate] = SmallCells.Share(outcome[0], summary[Indicators.Started], k);
        summary[Indicators.DropoutRate] = SmallCells.Share(outcome[1], summary[Indicators.Started], k);
        summary[Indicators.UniquePatients] = SmallCells.Count(raw.UniquePatients, k);
        summary[Indicators.Active7] = SmallCells.Count(activity.Active7, k);
        summary[Indicators.Active30] = SmallCells.Count(activity.Active30, k);
        AddCare(summary, raw, period, k);

        return new IndicatorReport
        {
            Scope = scope, From = period.From, To = period.To, K = k, Bucket = bucket, Summary = summary, Funnel = funnel,
            ModuleTimes = order.Select((m, i) => ModuleTimeOf(m, raw.ModuleSeconds[i], k)).ToList(),
            Scores = raw.Scores.OrderBy(q => q.QuestionnaireId, StringComparer.Ordinal).Select(q => ScoreOf(q, k)).ToList(),
            Trend = Trend(raw, activity, period, bucket, k),
        };
    }

    private static ModuleTime ModuleTimeOf(string moduleId, IReadOnlyList<(long Seconds, int Count)> seconds, int k)
    {
        var days = seconds.Select(s => (s.Seconds / 86400.0, s.Count)).ToList();
        return new ModuleTime(moduleId, SmallCells.Statistic(Round(Median(days), 1), days.Sum(d => d.Count), k));
    }

    private static ScoreChange ScoreOf(RawScore q, int k)
    {
        var n = q.Pairs.Sum(p => p.Count);
        var bins = ScoreChange.Bins.Select((_, i) => q.Pairs.Where(p => ScoreChange.BinOf(p.Change) == i).Sum(p => p.Count)).ToList();
        var (patients, distribution) = SmallCells.Partition(n, bins, k);
        var fromRedOrYellow = q.Pairs.Where(p => p.FirstLight is "red" or "yellow").ToList();
        var ryCount = fromRedOrYellow.Sum(p => p.Count);
        var toGreen = fromRedOrYellow.Where(p => p.LastLight == "green").Sum(p => p.Count);
        var (ryTotal, ryParts) = SmallCells.Partition(ryCount, [toGreen, ryCount - toGreen], k);
        double? mean = n == 0 ? null : Round(q.Pairs.Sum(p => (double)p.Change * p.Count) / n, 1);
        return new ScoreChange(q.QuestionnaireId, patients, SmallCells.Statistic(mean, n, k), distribution, ryTotal, ryParts[0],
            SmallCells.Share(ryParts[0], ryTotal, k));
    }

    private static void AddCare(Dictionary<string, Cell> summary, RawIndicators raw, Period period, int k)
    {
        var hours = raw.WaitSeconds.Select(w => (w.Seconds / 3600.0, w.Count)).ToList();
        summary[Indicators.ResponseMedian] = SmallCells.Statistic(Round(Median(hours), 1), raw.PatientsWithWaits, k);
        summary[Indicators.ResponseP90] = SmallCells.Statistic(Round(Percentile(hours, 0.9), 1), raw.PatientsWithWaits, k);
        summary[Indicators.MessagesPerPatientWeek] = SmallCells.Statistic(
            raw.Started == 0 ? null : Round(raw.Messages / (double)raw.Started / period.Weeks, 2), raw.Started, k);
        double? mean = raw.PatientsWithMinutes == 0 ? null : raw.Minutes / (double)raw.PatientsWithMinutes;
        summary[Indicators.MinutesPerPatient] = SmallCells.Statistic(Round(mean, 1), raw.PatientsWithMinutes, k);
        summary[Indicators.MinutesPerPatientWeek] = SmallCells.Statistic(Round(mean / period.Weeks, 1), raw.PatientsWithMinutes, k);
    }

    private static List<TrendPoint> Trend(RawIndicators raw, ActivityCounts activity, Period period, TrendBucket bucket, int k)
    {
        var starts = BucketStarts(period, bucket);
        // Binary search: the last bucket starting on or before the day (days are in the period, so one always does).
        int BucketOf(int day)
        {
            var i = starts.BinarySearch(ActivityAggregator.DateOf(day));
            return i >= 0 ? i : ~i - 1;
        }
        var newPer = new int[starts.Count];
        foreach (var (day, count) in raw.EnrolledPerDay)
        {
            newPer[BucketOf(day)] += count;
        }
        var completedPer = new int[starts.Count];
        foreach (var (day, count) in raw.CompletedPerDay)
        {
            completedPer[BucketOf(day)] += count;
        }
        var (_, newCells) = SmallCells.Partition(raw.Enrolled, newPer, k);
        return starts.Select((s, i) => new TrendPoint(s, newCells[i],
            SmallCells.Count(activity.ActivePerBucket.GetValueOrDefault(s), k), SmallCells.Count(completedPer[i], k))).ToList();
    }

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
