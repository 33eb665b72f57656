using ContentPlatform.Delivery.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Delivery.Analytics;

/// <summary>
/// Computes the protected report of a scope and period from the incremental aggregates (<see cref="ActivityAggregator"/>):
/// every number is a GROUP BY over summary rows filtered by (program, creation day), returning counts and small
/// histograms; medians and percentiles are read off the histograms. Nothing per patient is loaded for a report.
/// </summary>
public sealed class IndicatorQuery(DeliveryDbContext db, ActivityAggregator aggregator, IOptions<AnalyticsOptions> options, IMemoryCache cache)
{
    public int K => options.Value.MinCellSize;

    public async Task<IndicatorReport> ComputeAsync(AnalyticsScope scope, IReadOnlyList<AnalyticsProgram> programs, Period period,
        TrendBucket bucket, CancellationToken ct)
    {
        // A report is reused until any source table grows (new enrollment, event, message, result or time entry: module
        // rows change only together with an event), so viewing, switching back and downloading the CSV compute once.
        var version = (await db.Enrollments.CountAsync(ct), await db.ProgressEvents.MaxAsync(e => (long?)e.Id, ct),
            await db.Messages.MaxAsync(m => (long?)m.Id, ct), await db.QuestionnaireResults.MaxAsync(r => (long?)r.Id, ct),
            await db.StaffTimeEntries.MaxAsync(t => (long?)t.Id, ct));
        var key = (nameof(IndicatorQuery), scope.Key, period, bucket, K, version, string.Join(",", programs.Select(p => $"{p.ProgramId}:{p.Organisation}:{p.Modules.Count}")));
        if (cache.TryGetValue(key, out IndicatorReport? cached) && cached is not null)
        {
            return cached;
        }
        var report = await ComputeUncachedAsync(scope, programs, period, bucket, ct);
        cache.Set(key, report, new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10), Size = 1 });
        return report;
    }

    /// <summary>The report without the cache (the benchmark times this).</summary>
    public async Task<IndicatorReport> ComputeUncachedAsync(AnalyticsScope scope, IReadOnlyList<AnalyticsProgram> programs, Period period,
        TrendBucket bucket, CancellationToken ct)
    {
        await aggregator.CatchUpAsync(db, programs, ct);
        var window = new Window(ActivityAggregator.DayOf(period.From), ActivityAggregator.DayOf(period.To));
        // Additive counts of every program (one query): hiding must agree across program, organisation and platform.
        var perProgram = await CohortAsync(programs.Select(p => p.ProgramId).ToList(), window, ct);
        var order = scope.SingleProgramId is { } single ? programs.First(p => p.ProgramId == single).Modules.Select(m => m.Id).ToList() : [];
        var parts = Parts(scope, programs);
        var raw = await RawAsync(scope.ProgramIds, parts, perProgram, order, window, ct);
        var activity = await ActivityAsync((scope.Key, scope.ProgramIds.ToList()), parts, period, bucket, ct);
        var report = IndicatorCalculator.Protect(scope.Key, raw, activity, period, K, bucket, order);
        if (scope.Key == "all")
        {
            return report;
        }
        Dictionary<string, int> CountsOf(IEnumerable<string> ids) =>
            SiblingSuppression.Additive.ToDictionary(k => k, k => ids.Sum(id => perProgram.GetValueOrDefault(id)?.Additive(window)[k] ?? 0));
        // An organisation is one part of the platform total: what that partition hides for the organisation is hidden on
        // its page and on each of its programs' pages (otherwise the programs would add back up to it).
        var orgs = programs.Select(p => p.Organisation).Distinct().Order(StringComparer.Ordinal).ToList();
        var organisation = scope.SingleProgramId is { } id ? programs.First(p => p.ProgramId == id).Organisation : scope.Key[4..];
        var orgCounts = orgs.Select(o => CountsOf(ProgramsOf(programs, o))).ToList();
        var hidden = SiblingSuppression.HiddenKeys(orgs.IndexOf(organisation), orgCounts, K).ToList();
        if (scope.SingleProgramId is { } programId)
        {
            // A program is one part of its organisation's total.
            var siblings = ProgramsOf(programs, organisation);
            var counts = siblings.Select(p => CountsOf([p])).ToList();
            hidden.AddRange(SiblingSuppression.HiddenKeys(siblings.IndexOf(programId), counts, K));
        }
        return hidden.Count == 0 ? report : SiblingSuppression.Apply(report, hidden, CountsOf(scope.ProgramIds), K);
    }

    private static List<string> ProgramsOf(IReadOnlyList<AnalyticsProgram> programs, string organisation) =>
        programs.Where(p => p.Organisation == organisation).Select(p => p.ProgramId).Order(StringComparer.Ordinal).ToList();

    /// <summary>The parts whose distinct patients add up to more than the scope's when patients are in several: the
    /// programs of an organisation, the organisations of the platform; none for a program.</summary>
    private static List<(string Key, List<string> Ids)> Parts(AnalyticsScope scope, IReadOnlyList<AnalyticsProgram> programs) =>
        scope.SingleProgramId is not null ? []
        : scope.Key == "all" ? programs.Select(p => p.Organisation).Distinct().Order(StringComparer.Ordinal).Select(o => ($"org:{o}", ProgramsOf(programs, o))).ToList()
        : scope.ProgramIds.Order(StringComparer.Ordinal).Select(p => ($"program:{p}", new List<string> { p })).ToList();

    /// <summary>The period as integer days: the cohort is created in [From, End); "as of the end" means before End.</summary>
    private sealed record Window(int From, int End)
    {
        /// <summary>First day of the inactivity window that makes a started, unfinished patient a dropout.</summary>
        public int Quiet => End - Indicators.DropoutDays;
    }

    /// <summary>One program's cohort counts per creation day (every day before the end), status as of the end.</summary>
    private sealed record CohortSeries(Dictionary<int, int> Enrolled, Dictionary<int, int> Started, Dictionary<int, int> Completed,
        Dictionary<int, int> Dropout)
    {
        public Dictionary<string, int> Additive(Window w)
        {
            var (started, completed, dropout) = (Boundaries.Sum(Started, w.From, w.End), Boundaries.Sum(Completed, w.From, w.End), Boundaries.Sum(Dropout, w.From, w.End));
            return new()
            {
                [Indicators.Enrolled] = Boundaries.Sum(Enrolled, w.From, w.End), [Indicators.Started] = started, [Indicators.Completed] = completed,
                [Indicators.Dropout] = dropout, [Indicators.InProgress] = started - completed - dropout,
            };
        }
    }

    /// <summary>Enrolled, started, completed and dropped out, per program and creation day, as of the period end.</summary>
    private async Task<Dictionary<string, CohortSeries>> CohortAsync(List<string> programIds, Window w, CancellationToken ct)
    {
        var cohort = Summaries.Where(s => programIds.Contains(s.ProgramId) && s.CreatedDay < w.End);
        var groups = await cohort
            .GroupBy(s => new { s.ProgramId, s.CreatedDay, Started = s.StartedDay < w.End, Completed = s.CompletedDay < w.End })
            .Select(g => new { g.Key.ProgramId, g.Key.CreatedDay, g.Key.Started, g.Key.Completed, Count = g.Count() })
            .ToListAsync(ct);
        // Dropout: started, unfinished, and no activity in the 30 days before the end. The summary's last active day
        // (as of now) settles it unless there was activity after the end (a period in the past); then the day aggregate
        // and the module rows are asked about the window itself.
        var activityDays = db.ActivityDays;
        var moduleRows = db.Set<ModuleSummary>();
        // Two queries, not one with OR: the planner would otherwise test the window for every row (PostgreSQL hashed the
        // whole day aggregate for it); the second touches only patients active after the end.
        var unfinished = cohort.Where(s => s.StartedDay < w.End && !(s.CompletedDay < w.End));
        var quiet = await unfinished.Where(s => s.LastActiveDay < w.Quiet)
            .GroupBy(s => new { s.ProgramId, s.CreatedDay }).Select(g => new { g.Key.ProgramId, g.Key.CreatedDay, Count = g.Count() })
            .ToListAsync(ct);
        var quietBeforeEnd = await unfinished.Where(s => s.LastActiveDay >= w.End)
            .Where(s => !activityDays.Any(a => a.EnrollmentId == s.EnrollmentId && a.Day >= w.Quiet && a.Day < w.End)
                        && !moduleRows.Any(m => m.EnrollmentId == s.EnrollmentId
                                                && ((m.StartedDay >= w.Quiet && m.StartedDay < w.End) || (m.CompletedDay >= w.Quiet && m.CompletedDay < w.End))))
            .GroupBy(s => new { s.ProgramId, s.CreatedDay }).Select(g => new { g.Key.ProgramId, g.Key.CreatedDay, Count = g.Count() })
            .ToListAsync(ct);
        var dropouts = quiet.Concat(quietBeforeEnd).ToLookup(x => x.ProgramId);
        static Dictionary<int, int> Days<T>(IEnumerable<T> rows, Func<T, int> day, Func<T, int> count) =>
            rows.GroupBy(day).ToDictionary(g => g.Key, g => g.Sum(count));
        return groups.GroupBy(g => g.ProgramId).ToDictionary(p => p.Key, p => new CohortSeries(
            Days(p, g => g.CreatedDay, g => g.Count), Days(p.Where(g => g.Started), g => g.CreatedDay, g => g.Count),
            Days(p.Where(g => g.Completed), g => g.CreatedDay, g => g.Count), Days(dropouts[p.Key], d => d.CreatedDay, d => d.Count)));
    }

    private IQueryable<EnrollmentSummary> Summaries => db.Set<EnrollmentSummary>().AsNoTracking();

    private static Dictionary<int, int> Merge(IEnumerable<Dictionary<int, int>> series) =>
        series.SelectMany(s => s).GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.Sum(x => x.Value));

    private async Task<RawIndicators> RawAsync(IReadOnlyList<string> scopeIds, List<(string Key, List<string> Ids)> parts, Dictionary<string, CohortSeries> perProgram,
        List<string> order, Window w, CancellationToken ct)
    {
        var ids = scopeIds.ToList();
        var mine = ids.Select(id => perProgram.GetValueOrDefault(id)).OfType<CohortSeries>().ToList();
        // Unique patients of a period = patients whose last enrollment in the scope before the end is in the period.
        var unique = await Summaries.Where(s => ids.Contains(s.ProgramId) && s.CreatedDay < w.End && s.PatientId != null)
            .GroupBy(s => s.PatientId).Select(g => g.Max(s => s.CreatedDay))
            .GroupBy(day => day).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        int? partsUnique = null;
        foreach (var (_, part) in parts)
        {
            partsUnique = (partsUnique ?? 0) + await Summaries
                .Where(s => part.Contains(s.ProgramId) && s.CreatedDay >= w.From && s.CreatedDay < w.End && s.PatientId != null)
                .Select(s => s.PatientId).Distinct().CountAsync(ct);
        }

        var allModules = db.Set<ModuleSummary>().AsNoTracking().Where(m => ids.Contains(m.ProgramId) && m.CreatedDay < w.End);
        var completions = await allModules.Where(m => m.CompletedDay < w.End)
            .GroupBy(m => m.CompletedDay!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        List<IReadOnlyDictionary<int, int>> reached = [], done = [];
        List<IReadOnlyList<(long, int)>> seconds = [];
        if (order.Count > 0)
        {
            var funnel = (await allModules.Where(m => m.StartedDay < w.End).GroupBy(m => new { m.ModuleId, m.CreatedDay })
                .Select(g => new { g.Key.ModuleId, g.Key.CreatedDay, Reached = g.Count(), Done = g.Count(m => m.CompletedDay < w.End) })
                .ToListAsync(ct)).ToLookup(x => x.ModuleId);
            var durations = (await allModules.Where(m => m.CreatedDay >= w.From && m.CompletedDay < w.End).GroupBy(m => new { m.ModuleId, m.Seconds })
                .Select(g => new { g.Key.ModuleId, g.Key.Seconds, Count = g.Count() }).ToListAsync(ct)).ToLookup(d => d.ModuleId);
            reached = order.Select(m => (IReadOnlyDictionary<int, int>)funnel[m].ToDictionary(x => x.CreatedDay, x => x.Reached)).ToList();
            done = order.Select(m => (IReadOnlyDictionary<int, int>)funnel[m].Where(x => x.Done > 0).ToDictionary(x => x.CreatedDay, x => x.Done)).ToList();
            seconds = order.Select(m => (IReadOnlyList<(long, int)>)durations[m].Select(d => (d.Seconds ?? 0, d.Count)).ToList()).ToList();
        }

        // Waits of the cohort closed by the end (a wait opens after its enrollment, so it opened in the period).
        var waits = db.Set<WaitSummary>().AsNoTracking().Where(x => ids.Contains(x.ProgramId) && x.CreatedDay < w.End && x.ClosedDay < w.End);
        var waitSeconds = await waits.Where(x => x.CreatedDay >= w.From).GroupBy(x => x.Seconds).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var waitPatients = await waits.GroupBy(x => x.CreatedDay).Select(g => new { g.Key, Count = g.Select(x => x.EnrollmentId).Distinct().Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);

        var care = db.Set<CareDaySummary>().AsNoTracking().Where(c => ids.Contains(c.ProgramId) && c.CreatedDay < w.End && c.Day < w.End);
        var messages = await care.Where(c => c.CreatedDay >= w.From).SumAsync(c => (int?)c.Messages, ct) ?? 0;
        var minuteDays = care.Where(c => c.TimeEntries > 0);
        var minutes = await minuteDays.Where(c => c.CreatedDay >= w.From).SumAsync(c => (int?)c.Minutes, ct) ?? 0;
        var minutePatients = await minuteDays.GroupBy(c => c.CreatedDay).Select(g => new { g.Key, Count = g.Select(c => c.EnrollmentId).Distinct().Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);

        return new RawIndicators
        {
            Enrolled = Merge(mine.Select(c => c.Enrolled)), Started = Merge(mine.Select(c => c.Started)),
            Completed = Merge(mine.Select(c => c.Completed)), Dropout = Merge(mine.Select(c => c.Dropout)),
            Unique = unique, ChildrenUnique = partsUnique,
            Reached = reached, ModuleCompleted = done, ModuleSeconds = seconds,
            Scores = await ScoresAsync(ids, w, ct),
            WaitSeconds = waitSeconds.Select(x => (x.Key ?? 0, x.Count)).ToList(), WaitPatients = waitPatients,
            Messages = messages, Minutes = minutes, MinutePatients = minutePatients, Completions = completions,
        };
    }

    /// <summary>
    /// First and last measurement per patient and questionnaire, as of the period end, by creation day. A summary whose
    /// last measurement is before the end is that pair; the few measured again after the end (only for a period in the
    /// past) are read from their results.
    /// </summary>
    private async Task<List<RawScore>> ScoresAsync(List<string> ids, Window w, CancellationToken ct)
    {
        var scores = db.Set<ScoreSummary>().AsNoTracking().Where(s => ids.Contains(s.ProgramId) && s.CreatedDay < w.End && s.FirstDay < w.End);
        var questionnaires = await scores.Where(s => s.CreatedDay >= w.From).Select(s => s.QuestionnaireId).Distinct().ToListAsync(ct);
        var pairs = (await scores.Where(s => s.LastDay < w.End && s.Measurements >= 2)
            .GroupBy(s => new { s.QuestionnaireId, s.CreatedDay, Change = s.LastTotal - s.FirstTotal, s.FirstLight, s.LastLight })
            .Select(g => new { g.Key.QuestionnaireId, g.Key.CreatedDay, g.Key.Change, g.Key.FirstLight, g.Key.LastLight, Count = g.Count() })
            .ToListAsync(ct)).Select(x => (x.QuestionnaireId, Pair: new ScorePairs(x.CreatedDay, x.Change, x.FirstLight, x.LastLight, x.Count))).ToList();
        var later = await scores.Where(s => s.LastDay >= w.End && s.SecondDay < w.End)
            .Select(s => new { s.EnrollmentId, s.QuestionnaireId, s.CreatedDay }).ToListAsync(ct);
        if (later.Count > 0)
        {
            var created = later.GroupBy(l => l.EnrollmentId).ToDictionary(g => g.Key, g => g.First().CreatedDay);
            var wanted = later.Select(l => (l.EnrollmentId, l.QuestionnaireId)).ToHashSet();
            foreach (var chunk in created.Keys.Chunk(2_000))
            {
                var results = await db.QuestionnaireResults.AsNoTracking().Where(r => chunk.Contains(r.EnrollmentId))
                    .Select(r => new ScoreFact(r.Id, r.EnrollmentId, r.QuestionnaireId, r.Total, r.TrafficLight, r.SubmittedAt)).ToListAsync(ct);
                foreach (var g in results.Where(r => wanted.Contains((r.EnrollmentId, r.QuestionnaireId)) && ActivityAggregator.DayOf(r.At) < w.End)
                             .GroupBy(r => (r.EnrollmentId, r.QuestionnaireId)))
                {
                    var list = g.OrderBy(s => s.At).ThenBy(s => s.Id).ToList();
                    pairs.Add((g.Key.QuestionnaireId, new ScorePairs(created[g.Key.EnrollmentId], list[^1].Total - list[0].Total,
                        list[0].TrafficLight, list[^1].TrafficLight, 1)));
                }
            }
        }
        var byQuestionnaire = pairs.ToLookup(p => p.QuestionnaireId, p => p.Pair);
        return questionnaires.Select(q => new RawScore(q, byQuestionnaire[q].ToList())).ToList();
    }

    /// <summary>The facts of some programs; the research export builds its rows from the same facts.</summary>
    public async Task<IndicatorFacts> LoadAsync(IReadOnlyList<string> programIds, IReadOnlyList<AnalyticsProgram> programs, Period period,
        CancellationToken ct)
    {
        var ids = programIds.ToList();
        var inScope = db.Enrollments.Where(e => ids.Contains(e.ProgramId)).Select(e => e.Id);
        var enrollments = await db.Enrollments.AsNoTracking().Where(e => ids.Contains(e.ProgramId))
            .Select(e => new EnrollmentFact(e.Id, e.ProgramId, e.PatientId, e.CreatedAt)).ToListAsync(ct);
        var modules = await db.ModuleProgress.AsNoTracking().Where(m => inScope.Contains(m.EnrollmentId))
            .Select(m => new ModuleFact(m.EnrollmentId, m.ModuleId, m.StartedAt, m.CompletedAt)).ToListAsync(ct);
        var scores = await db.QuestionnaireResults.AsNoTracking().Where(r => inScope.Contains(r.EnrollmentId))
            .Select(r => new ScoreFact(r.Id, r.EnrollmentId, r.QuestionnaireId, r.Total, r.TrafficLight, r.SubmittedAt)).ToListAsync(ct);
        var messages = await db.Messages.AsNoTracking().Where(m => inScope.Contains(m.EnrollmentId))
            .Select(m => new MessageFact(m.Id, m.EnrollmentId, m.FromPatient, m.SentAt)).ToListAsync(ct);
        var time = await db.StaffTimeEntries.AsNoTracking().Where(t => inScope.Contains(t.EnrollmentId))
            .Select(t => new TimeFact(t.EnrollmentId, t.Minutes, t.At)).ToListAsync(ct);
        var endDay = ActivityAggregator.DayOf(period.To);
        var lastActive = await db.ActivityDays.AsNoTracking().Where(a => ids.Contains(a.ProgramId) && a.Day < endDay)
            .GroupBy(a => a.EnrollmentId).Select(g => new { g.Key, Day = g.Max(a => a.Day) }).ToDictionaryAsync(x => x.Key, x => x.Day, ct);
        var order = programs.ToDictionary(p => p.ProgramId, p => (IReadOnlyList<string>)p.Modules.Select(m => m.Id).ToList());
        return new IndicatorFacts(enrollments, modules, scores, messages, time, lastActive, order);
    }

    private async Task<ActivityCounts> ActivityAsync((string Key, List<string> Ids) scope, List<(string Key, List<string> Ids)> parts, Period period,
        TrendBucket bucket, CancellationToken ct)
    {
        var endDay = ActivityAggregator.DayOf(period.To);
        var kind = bucket == TrendBucket.Week ? 0 : 1;
        var (first, last) = bucket == TrendBucket.Week
            ? (ActivityAggregator.WeekOf(ActivityAggregator.DayOf(period.From)), ActivityAggregator.WeekOf(endDay - 1))
            : (ActivityAggregator.MonthOf(period.From), ActivityAggregator.MonthOf(period.To.AddDays(-1)));
        DateOnly StartOf(int b) => Max(period.From, kind == 0 ? ActivityAggregator.DateOf(b * 7 - 3) : new DateOnly(b / 12, b % 12 + 1, 1));
        async Task<(int Active7, int Active30, Dictionary<DateOnly, int> PerBucket)> CountAsync((string Key, List<string> Ids) s)
        {
            var days = db.ActivityDays.AsNoTracking().Where(a => s.Ids.Contains(a.ProgramId));
            var active7 = await days.Where(a => a.Day >= endDay - 7 && a.Day < endDay).Select(a => a.PatientId).Distinct().CountAsync(ct);
            var active30 = await days.Where(a => a.Day >= endDay - 30 && a.Day < endDay).Select(a => a.PatientId).Distinct().CountAsync(ct);
            // Whole calendar buckets only (a bucket cut short by the period is not shown): one index range per scope.
            var perBucket = await db.Set<ActiveBucket>().AsNoTracking()
                .Where(x => x.Scope == s.Key && x.Kind == kind && x.Bucket >= first && x.Bucket <= last)
                .GroupBy(x => x.Bucket).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            return (active7, active30, perBucket.ToDictionary(b => StartOf(b.Key), b => b.Count));
        }
        var (a7, a30, buckets) = await CountAsync(scope);
        var (parts7, parts30, partBuckets) = (0, 0, new Dictionary<DateOnly, int>());
        foreach (var part in parts)
        {
            var (p7, p30, pb) = await CountAsync(part);
            (parts7, parts30) = (parts7 + p7, parts30 + p30);
            foreach (var (start, count) in pb)
            {
                partBuckets[start] = partBuckets.GetValueOrDefault(start) + count;
            }
        }
        return parts.Count == 0
            ? new ActivityCounts(a7, a30, buckets)
            : new ActivityCounts(a7, a30, buckets) { ChildrenActive7 = parts7, ChildrenActive30 = parts30, ChildrenActivePerBucket = partBuckets };
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    /// <summary>Days with any activity per enrollment within the period (for the research export).</summary>
    public async Task<Dictionary<Guid, int>> ActiveDaysAsync(IReadOnlyList<string> programIds, Period period, CancellationToken ct)
    {
        var ids = programIds.ToList();
        var fromDay = ActivityAggregator.DayOf(period.From);
        var endDay = ActivityAggregator.DayOf(period.To);
        return await db.ActivityDays.AsNoTracking().Where(a => ids.Contains(a.ProgramId) && a.Day >= fromDay && a.Day < endDay)
            .GroupBy(a => a.EnrollmentId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
    }
}
