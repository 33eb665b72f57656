namespace ContentPlatform.Delivery.Analytics;

/// <summary>Counts from the activity aggregate, computed in SQL (distinct patients per window and per trend bucket).</summary>
public sealed record ActivityCounts(int Active7, int Active30, IReadOnlyDictionary<DateOnly, int> ActivePerBucket);

/// <summary>
/// Turns the facts of one scope into a protected report. Pure (no database, no clock), so every definition is tested
/// against hand-computed answers. The cohort is the enrollments created in the period; everything is as of its end.
/// </summary>
public static class IndicatorCalculator
{
    public static IndicatorReport Compute(string scope, IndicatorFacts facts, ActivityCounts activity, Period period, int k,
        TrendBucket bucket, string? singleProgramId)
    {
        var end = period.End;
        var cohort = facts.Enrollments.Where(e => period.Contains(e.CreatedAt)).ToList();
        var ids = cohort.Select(e => e.Id).ToHashSet();
        var modules = facts.Modules.Where(m => ids.Contains(m.EnrollmentId) && m.StartedAt < end).ToList();
        var byEnrollment = modules.ToLookup(m => m.EnrollmentId);
        var started = cohort.Where(e => byEnrollment[e.Id].Any()).ToList();
        var completed = started.Where(e => CompletedAll(e, byEnrollment[e.Id], facts.ModuleOrder, end)).Select(e => e.Id).ToHashSet();
        var endDay = ActivityAggregator.DayOf(period.To);
        var dropout = started.Count(e => !completed.Contains(e.Id) && LastActive(e, byEnrollment[e.Id], facts.LastActiveDay, end) < endDay - Indicators.DropoutDays);
        var inProgress = started.Count - completed.Count - dropout;

        var summary = new Dictionary<string, Cell>();
        var funnel = new List<FunnelStep>();
        var order = singleProgramId is null ? [] : facts.ModuleOrder.GetValueOrDefault(singleProgramId) ?? [];
        var reached = order.Select(m => modules.Where(x => x.ModuleId == m).Select(x => x.EnrollmentId).Distinct().Count()).ToList();
        var chain = SmallCells.Chain([cohort.Count, started.Count, .. reached, completed.Count], k);
        summary[Indicators.Enrolled] = chain[0];
        summary[Indicators.Started] = chain[1];
        for (var i = 0; i < order.Count; i++)
        {
            var done = modules.Count(x => x.ModuleId == order[i] && x.CompletedAt < end);
            var pair = SmallCells.Chain([reached[i], done], k);
            funnel.Add(new FunnelStep(order[i], chain[2 + i], chain[2 + i].Suppressed ? Cell.Hidden : pair[1]));
        }
        // "Completed" is also the chain's last step: if the chain hides it (e.g. reached the last module − completed is
        // small), the partition must hide it too and find its complement.
        var (_, outcome) = SmallCells.Partition(started.Count, [completed.Count, dropout, inProgress], k, hiddenFirst: chain[^1].Suppressed ? [0] : []);
        if (summary[Indicators.Started].Suppressed)
        {
            outcome = [Cell.Hidden, Cell.Hidden, Cell.Hidden];
        }
        summary[Indicators.Completed] = outcome[0];
        summary[Indicators.Dropout] = outcome[1];
        summary[Indicators.InProgress] = outcome[2];
        summary[Indicators.CompletionRate] = SmallCells.Share(outcome[0], summary[Indicators.Started], k);
        summary[Indicators.DropoutRate] = SmallCells.Share(outcome[1], summary[Indicators.Started], k);
        summary[Indicators.UniquePatients] = SmallCells.Count(cohort.Where(e => e.PatientId is not null).Select(e => e.PatientId).Distinct().Count(), k);
        summary[Indicators.Active7] = SmallCells.Count(activity.Active7, k);
        summary[Indicators.Active30] = SmallCells.Count(activity.Active30, k);
        AddCare(summary, facts, ids, started.Count, period, k);

        return new IndicatorReport
        {
            Scope = scope, From = period.From, To = period.To, K = k, Bucket = bucket, Summary = summary, Funnel = funnel,
            ModuleTimes = order.Select(m => ModuleTimeOf(m, modules, end, k)).ToList(),
            Scores = Scores(facts, ids, end, k),
            Trend = Trend(cohort, modules, activity, period, bucket, k),
        };
    }

    internal static bool CompletedAll(EnrollmentFact e, IEnumerable<ModuleFact> rows, IReadOnlyDictionary<string, IReadOnlyList<string>> order,
        DateTimeOffset end)
    {
        var all = order.GetValueOrDefault(e.ProgramId);
        if (all is null || all.Count == 0)
        {
            return false;
        }
        var done = rows.Where(r => r.CompletedAt < end).Select(r => r.ModuleId).ToHashSet();
        return all.All(done.Contains);
    }

    /// <summary>Last active day before the period end: the progress aggregate, or the module rows when that is later.</summary>
    internal static int LastActive(EnrollmentFact e, IEnumerable<ModuleFact> rows, IReadOnlyDictionary<Guid, int> lastActiveDay, DateTimeOffset end) =>
        Math.Max(lastActiveDay.GetValueOrDefault(e.Id, int.MinValue),
            rows.Select(r => ActivityAggregator.DayOf(r.CompletedAt is { } c && c < end ? c : r.StartedAt)).DefaultIfEmpty(int.MinValue).Max());

    private static ModuleTime ModuleTimeOf(string moduleId, List<ModuleFact> modules, DateTimeOffset end, int k)
    {
        var days = modules.Where(m => m.ModuleId == moduleId && m.CompletedAt < end)
            .Select(m => (m.CompletedAt!.Value - m.StartedAt).TotalDays).ToList();
        return new ModuleTime(moduleId, SmallCells.Statistic(Round(Median(days), 1), days.Count, k));
    }

    private static List<ScoreChange> Scores(IndicatorFacts facts, HashSet<Guid> ids, DateTimeOffset end, int k)
    {
        var result = new List<ScoreChange>();
        foreach (var questionnaire in facts.Scores.Where(s => ids.Contains(s.EnrollmentId) && s.At < end).GroupBy(s => s.QuestionnaireId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var pairs = questionnaire.GroupBy(s => s.EnrollmentId)
                .Select(g => g.OrderBy(s => s.At).ThenBy(s => s.Id).ToList())
                .Where(list => list.Count >= 2)
                .Select(list => (First: list[0], Last: list[^1]))
                .ToList();
            var changes = pairs.Select(p => p.Last.Total - p.First.Total).ToList();
            var bins = ScoreChange.Bins.Select((_, i) => changes.Count(c => ScoreChange.BinOf(c) == i)).ToList();
            var (patients, distribution) = SmallCells.Partition(changes.Count, bins, k);
            var fromRedOrYellow = pairs.Where(p => p.First.TrafficLight is "red" or "yellow").ToList();
            var toGreen = fromRedOrYellow.Count(p => p.Last.TrafficLight == "green");
            var (ryTotal, ryParts) = SmallCells.Partition(fromRedOrYellow.Count, [toGreen, fromRedOrYellow.Count - toGreen], k);
            result.Add(new ScoreChange(questionnaire.Key, patients,
                SmallCells.Statistic(changes.Count == 0 ? null : Round(changes.Average(), 1), changes.Count, k),
                distribution, ryTotal, ryParts[0], SmallCells.Share(ryParts[0], ryTotal, k)));
        }
        return result;
    }

    private static void AddCare(Dictionary<string, Cell> summary, IndicatorFacts facts, HashSet<Guid> ids, int started, Period period, int k)
    {
        // Response time: a patient message opens a wait (unless one is already open); the next care-team message in
        // the same thread closes it. Waits opened in the period count; unanswered ones have no time yet.
        var waits = new List<double>();
        var patientsWithWaits = new HashSet<Guid>();
        foreach (var thread in facts.Messages.Where(m => ids.Contains(m.EnrollmentId) && m.SentAt < period.End).GroupBy(m => m.EnrollmentId))
        {
            DateTimeOffset? open = null;
            foreach (var m in thread.OrderBy(m => m.Id))
            {
                if (m.FromPatient)
                {
                    open ??= m.SentAt;
                }
                else if (open is { } since)
                {
                    if (since >= period.Start)
                    {
                        waits.Add((m.SentAt - since).TotalHours);
                        patientsWithWaits.Add(thread.Key);
                    }
                    open = null;
                }
            }
        }
        waits.Sort();
        summary[Indicators.ResponseMedian] = SmallCells.Statistic(Round(Median(waits), 1), patientsWithWaits.Count, k);
        summary[Indicators.ResponseP90] = SmallCells.Statistic(Round(Percentile(waits, 0.9), 1), patientsWithWaits.Count, k);

        var messages = facts.Messages.Count(m => ids.Contains(m.EnrollmentId) && period.Contains(m.SentAt));
        summary[Indicators.MessagesPerPatientWeek] = SmallCells.Statistic(
            started == 0 ? null : Round(messages / (double)started / period.Weeks, 2), started, k);

        var minutes = facts.StaffTime.Where(t => ids.Contains(t.EnrollmentId) && period.Contains(t.At))
            .GroupBy(t => t.EnrollmentId).Select(g => g.Sum(t => t.Minutes)).ToList();
        summary[Indicators.MinutesPerPatient] = SmallCells.Statistic(minutes.Count == 0 ? null : Round(minutes.Average(), 1), minutes.Count, k);
        summary[Indicators.MinutesPerPatientWeek] = SmallCells.Statistic(
            minutes.Count == 0 ? null : Round(minutes.Average() / period.Weeks, 1), minutes.Count, k);
    }

    private static List<TrendPoint> Trend(List<EnrollmentFact> cohort, List<ModuleFact> modules, ActivityCounts activity, Period period,
        TrendBucket bucket, int k)
    {
        var starts = BucketStarts(period, bucket);
        // Binary search: the last bucket starting on or before the day (items are in the period, so one always does).
        int BucketOf(DateTimeOffset at)
        {
            var i = starts.BinarySearch(DateOnly.FromDateTime(at.UtcDateTime));
            return i >= 0 ? i : ~i - 1;
        }
        var newPer = new int[starts.Count];
        foreach (var e in cohort)
        {
            newPer[BucketOf(e.CreatedAt)]++;
        }
        var completedPer = new int[starts.Count];
        foreach (var m in modules)
        {
            if (m.CompletedAt is { } c && period.Contains(c))
            {
                completedPer[BucketOf(c)]++;
            }
        }
        var (_, newCells) = SmallCells.Partition(cohort.Count, newPer, k);
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

    public static double? Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>Nearest-rank percentile: the smallest value with at least p of the values at or below it.</summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static double? Round(double? value, int digits) => value is { } v ? Math.Round(v, digits, MidpointRounding.AwayFromZero) : null;
}
