namespace ContentPlatform.Delivery.Analytics;

/// <summary>
/// One contribution to a per-day counter: in <see cref="Scope"/>'s series <see cref="Series"/>, day <see cref="Day"/>
/// (the creation day of a cohort series, the event day of an event series) gains <see cref="Count"/> for every period
/// ending on or after <see cref="Since"/> (an exclusive end day). A count "as of the end E" is then the sum of the
/// contributions with Since ≤ E — a state that starts and stops (a dropout who comes back) is +1 at its start and −1 at
/// its stop.
/// </summary>
public readonly record struct DayCount(string Scope, string Series, int Day, int Since, int Count);

/// <summary>
/// Turns the summary rows of a patient's enrollments into contributions to the per-day counters
/// (<see cref="DayCountRow"/>), so an indicator page sums a few thousand counter rows instead of grouping every
/// enrollment. Pure; the definitions match <see cref="IndicatorQuery"/>'s and docs/analytics.md.
/// </summary>
public static class DayCounters
{
    public const string Enrolled = "enrolled";
    public const string Patients = "patients";
    public const string Started = "started";
    public const string Completed = "completed";
    public const string Dropout = "dropout";
    public const string Completions = "completions";
    public const string WaitPatients = "wait-patients";
    public const string MinutePatients = "minute-patients";
    public const string Messages = "messages";
    public const string Minutes = "minutes";
    public const string ReachedPrefix = "reached:";
    public const string DonePrefix = "done:";

    /// <summary>
    /// Per questionnaire (suffix ":" + id), by creation day, as of the end: measured at least once; measured twice (the
    /// first and the last measurement before the end make a pair); pairs per change bin; the sum of the changes (for
    /// the mean; a sum of points, not of patients); pairs from red/yellow, and of those to green and not to green.
    /// </summary>
    public static string Score(string kind, string questionnaireId) => $"score-{kind}:{questionnaireId}";

    public const string ScoreMeasured = "measured";
    public const string ScorePairs = "pairs";
    public const string ScoreChangeSum = "change-sum";
    public const string ScoreFromRedOrYellow = "from-red-yellow";
    public const string ScoreToGreen = "to-green";
    public const string ScoreNotGreen = "not-green";

    public static string ScoreBin(int bin) => $"bin{bin}";

    /// <summary>Scope level: patients whose later enrollment in the scope takes them off an earlier creation day.</summary>
    public const string Superseded = "superseded";

    /// <summary>Per enrollment (program level): active in the 7 / 30 days before the end (Day is always 0).</summary>
    public const string Active7 = "active7";
    public const string Active30 = "active30";

    /// <summary>Scope level: how many more enrollments than patients are active (a patient with two counts once).</summary>
    public const string Active7Overlap = "active7-overlap";
    public const string Active30Overlap = "active30-overlap";

    public static string ProgramScope(string programId) => $"program:{programId}";

    /// <summary>One enrollment's summary rows and the days of its progress events.</summary>
    public sealed record Input(EnrollmentRows Rows, IReadOnlyCollection<int> EventDays, IReadOnlyList<ScoreFact> Scores);

    /// <summary>
    /// Contributions of the enrollments of one patient (or one enrollment without a patient yet), by enrollment. Counts
    /// over distinct patients (unique, active) are stored with the patient's first enrollment, so the whole patient must
    /// be rebuilt together. <paramref name="organisations"/> maps program id → organisation of the programs analytics lists.
    /// </summary>
    public static Dictionary<Guid, List<DayCount>> Of(IReadOnlyList<Input> patient, IReadOnlyDictionary<string, string> organisations)
    {
        var result = patient.ToDictionary(x => x.Rows.Summary.EnrollmentId, x => Enrollment(x));
        var withPatient = patient.Where(x => x.Rows.Summary.PatientId is not null)
            .OrderBy(x => x.Rows.Summary.CreatedDay).ThenBy(x => x.Rows.Summary.EnrollmentId).ToList();
        if (withPatient.Count < 2)
        {
            return result;
        }
        var owner = result[withPatient[0].Rows.Summary.EnrollmentId];
        var scopes = withPatient.SelectMany(x => ScopesOf(x.Rows.Summary.ProgramId, organisations).Select(s => (Scope: s, Input: x)))
            .GroupBy(x => x.Scope, x => x.Input);
        foreach (var scope in scopes)
        {
            var list = scope.ToList();
            if (list.Count < 2)
            {
                continue;
            }
            // Unique patients: counted on the day of their last enrollment in the scope before the end.
            for (var i = 0; i + 1 < list.Count; i++)
            {
                owner.Add(new DayCount(scope.Key, Superseded, list[i].Rows.Summary.CreatedDay, list[i + 1].Rows.Summary.CreatedDay + 1, 1));
            }
            foreach (var (series, window) in new[] { (Active7Overlap, 7), (Active30Overlap, 30) })
            {
                var points = list.SelectMany(x => x.EventDays).SelectMany(a => new[] { a + 1, a + window + 1 });
                int Overlap(int end)
                {
                    var active = list.Count(x => IsActive(x.EventDays, end, window));
                    return active > 1 ? active - 1 : 0;
                }
                owner.AddRange(Deltas(points, Overlap).Select(d => new DayCount(scope.Key, series, 0, d.Since, d.Delta)));
            }
        }
        return result;
    }

    /// <summary>The scopes a program's patients count in: its own, its organisation's and the platform's (listed programs only).</summary>
    public static IEnumerable<string> ScopesOf(string programId, IReadOnlyDictionary<string, string> organisations) =>
        organisations.TryGetValue(programId, out var organisation) ? [ProgramScope(programId), $"org:{organisation}", "all"] : [ProgramScope(programId)];

    private static List<DayCount> Enrollment(Input input)
    {
        var (s, rows) = (input.Rows.Summary, input.Rows);
        var scope = ProgramScope(s.ProgramId);
        var created = s.CreatedDay;
        var list = new List<DayCount>();
        void Add(string series, int day, int? eventDay, int count = 1)
        {
            if (eventDay is { } d && count != 0)
            {
                list.Add(new DayCount(scope, series, day, d + 1, count));
            }
        }
        Add(Enrolled, created, created);
        if (s.PatientId is not null)
        {
            Add(Patients, created, created);
        }
        Add(Started, created, s.StartedDay);
        Add(Completed, created, s.CompletedDay);
        foreach (var m in rows.Modules)
        {
            Add(ReachedPrefix + m.ModuleId, created, m.StartedDay);
            Add(DonePrefix + m.ModuleId, created, m.CompletedDay);
            if (m.CompletedDay is { } done)
            {
                Add(Completions, done, done);
            }
        }
        Add(WaitPatients, created, rows.Waits.Where(w => w.ClosedDay is not null).Min(w => w.ClosedDay));
        Add(MinutePatients, created, rows.CareDays.Where(c => c.TimeEntries > 0).Select(c => (int?)c.Day).Min());
        foreach (var c in rows.CareDays)
        {
            Add(Messages, created, c.Day, c.Messages);
            Add(Minutes, created, c.TimeEntries > 0 ? c.Day : null, c.Minutes);
        }

        // Scores: as of E, the pair is (first, last measurement before E), so each later measurement ends one pair
        // (−1 on the day after it) and starts the next (+1). Same-day measurements cancel out: the later is the last.
        foreach (var q in input.Scores.GroupBy(r => r.QuestionnaireId))
        {
            var measurements = q.OrderBy(r => r.At).ThenBy(r => r.Id).ToList();
            Add(Score(ScoreMeasured, q.Key), created, ActivityAggregator.DayOf(measurements[0].At));
            for (var j = 1; j < measurements.Count; j++)
            {
                var from = ActivityAggregator.DayOf(measurements[j].At);
                int? until = j + 1 < measurements.Count ? ActivityAggregator.DayOf(measurements[j + 1].At) : null;
                var (change, first, last) = (measurements[j].Total - measurements[0].Total, measurements[0].TrafficLight, measurements[j].TrafficLight);
                void Pair(string kind, int count = 1)
                {
                    Add(Score(kind, q.Key), created, from, count);
                    Add(Score(kind, q.Key), created, until, -count);
                }
                Pair(ScorePairs);
                Pair(ScoreBin(ScoreChange.BinOf(change)));
                Pair(ScoreChangeSum, change);
                if (first is "red" or "yellow")
                {
                    Pair(ScoreFromRedOrYellow);
                    Pair(last == "green" ? ScoreToGreen : ScoreNotGreen);
                }
            }
        }

        // Dropout as of the end E: started before E, not completed before E, no activity (event, module opened or
        // completed) in the 30 days before E. Active 7/30: any progress event in the window (patients only).
        var activity = input.EventDays.Concat(rows.Modules.Select(m => m.StartedDay))
            .Concat(rows.Modules.Where(m => m.CompletedDay is not null).Select(m => m.CompletedDay!.Value)).Distinct().ToList();
        if (s.StartedDay is { } startedDay)
        {
            int IsDropout(int end) => startedDay < end && !(s.CompletedDay < end) && !IsActive(activity, end, Indicators.DropoutDays) ? 1 : 0;
            var points = activity.SelectMany(a => new[] { a + 1, a + Indicators.DropoutDays + 1 }).Append(startedDay + 1);
            list.AddRange(Deltas(s.CompletedDay is { } c ? points.Append(c + 1) : points, IsDropout).Select(d => new DayCount(scope, Dropout, created, d.Since, d.Delta)));
        }
        if (s.PatientId is not null)
        {
            foreach (var (series, window) in new[] { (Active7, 7), (Active30, 30) })
            {
                var points = input.EventDays.SelectMany(a => new[] { a + 1, a + window + 1 });
                list.AddRange(Deltas(points, end => IsActive(input.EventDays, end, window) ? 1 : 0).Select(d => new DayCount(scope, series, 0, d.Since, d.Delta)));
            }
        }
        return Merge(list);
    }

    /// <summary>Any day in [end − window, end).</summary>
    private static bool IsActive(IEnumerable<int> days, int end, int window) => days.Any(a => a >= end - window && a < end);

    /// <summary>
    /// A step function of the end day as its changes: <paramref name="f"/> is 0 before the first point and constant
    /// between consecutive points, so evaluating it at each point finds every change.
    /// </summary>
    private static IEnumerable<(int Since, int Delta)> Deltas(IEnumerable<int> points, Func<int, int> f)
    {
        var previous = 0;
        foreach (var point in points.Distinct().Order())
        {
            var value = f(point);
            if (value != previous)
            {
                yield return (point, value - previous);
                previous = value;
            }
        }
    }

    /// <summary>Contributions with the same key added together (two modules completed on one day), zeros dropped.</summary>
    public static List<DayCount> Merge(IEnumerable<DayCount> counts) =>
        counts.GroupBy(c => (c.Scope, c.Series, c.Day, c.Since)).Select(g => g.First() with { Count = g.Sum(c => c.Count) })
            .Where(c => c.Count != 0).ToList();

    /// <summary>Stored form of one enrollment's contributions (one text row per enrollment keeps the rebuild cheap).</summary>
    public static string Serialize(IEnumerable<DayCount> counts) =>
        string.Join('\n', counts.Select(c => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{c.Scope}\t{c.Series}\t{c.Day}\t{c.Since}\t{c.Count}")));

    public static IEnumerable<DayCount> Deserialize(string text) => text.Length == 0
        ? []
        : text.Split('\n').Select(line => line.Split('\t')).Select(f => new DayCount(f[0], f[1],
            int.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(f[4], System.Globalization.CultureInfo.InvariantCulture)));
}
