using ContentPlatform.Delivery.Data;
using Microsoft.Data.Sqlite;
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
        // A report is reused until the aggregates change (ActivityAggregator's generation, kept in the database, so every
        // Delivery instance sees the same number) or the period does (presets end yesterday, so a new day is a new key).
        // The key holds everything the protection depends on: scope, period, bucket, k and the programs with their
        // organisations and module lists. A cached report is a whole report computed by the code below from one snapshot,
        // so it holds nothing its protection did not let through.
        await aggregator.CatchUpAsync(db, programs, ct);
        await using var snapshot = await SnapshotAsync(ct);
        var generation = await ActivityAggregator.GenerationAsync(db, ct);
        var key = (nameof(IndicatorQuery), scope.Key, period, bucket, K, generation,
            string.Join(";", programs.Select(p => $"{p.ProgramId}:{p.Organisation}:{string.Join(",", p.Modules.Select(m => m.Id))}")));
        if (cache.TryGetValue(key, out IndicatorReport? cached) && cached is not null)
        {
            return cached;
        }
        var report = await ComputeFromAggregatesAsync(scope, programs, period, bucket, ct);
        cache.Set(key, report, new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10), Size = 1 });
        return report;
    }

    /// <summary>The report without the cache (the benchmark times this).</summary>
    public async Task<IndicatorReport> ComputeUncachedAsync(AnalyticsScope scope, IReadOnlyList<AnalyticsProgram> programs, Period period,
        TrendBucket bucket, CancellationToken ct)
    {
        await aggregator.CatchUpAsync(db, programs, ct);
        await using var snapshot = await SnapshotAsync(ct);
        return await ComputeFromAggregatesAsync(scope, programs, period, bucket, ct);
    }

    /// <summary>
    /// One read transaction for the whole report, so all its queries (and the generation it is cached under) see the same
    /// state even when another Delivery instance's aggregator commits meanwhile (snapshot on PostgreSQL, WAL read on SQLite).
    /// </summary>
    private async Task<IAsyncDisposable> SnapshotAsync(CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            return await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        }
        // Deferred: a plain BEGIN takes no write lock, so writers are never held up by a page (WAL keeps our snapshot).
        await db.Database.OpenConnectionAsync(ct);
        var transaction = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
        await db.Database.UseTransactionAsync(transaction, ct);
        return new ReadSnapshot(db, transaction);
    }

    private sealed class ReadSnapshot(DeliveryDbContext db, SqliteTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await db.Database.UseTransactionAsync(null);
            await transaction.DisposeAsync(); // rolls back: nothing was written
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<IndicatorReport> ComputeFromAggregatesAsync(AnalyticsScope scope, IReadOnlyList<AnalyticsProgram> programs, Period period,
        TrendBucket bucket, CancellationToken ct)
    {
        var window = new Window(ActivityAggregator.DayOf(period.From), ActivityAggregator.DayOf(period.To));
        var order = scope.SingleProgramId is { } single ? programs.First(p => p.ProgramId == single).Modules.Select(m => m.Id).ToList() : [];
        var parts = Parts(scope, programs);
        // Every counter of the page in one query: the additive counts of every program (hiding must agree across
        // program, organisation and platform), the scope's and its parts' distinct-patient corrections, the funnel.
        string[] programSeries =
        [
            DayCounters.Enrolled, DayCounters.Patients, DayCounters.Started, DayCounters.Completed, DayCounters.Dropout, DayCounters.Completions,
            DayCounters.WaitPatients, DayCounters.MinutePatients, DayCounters.Messages, DayCounters.Minutes, DayCounters.Active7, DayCounters.Active30,
            .. order.Select(m => DayCounters.ReachedPrefix + m), .. order.Select(m => DayCounters.DonePrefix + m),
        ];
        var counters = await CountersAsync(
            programs.Select(p => DayCounters.ProgramScope(p.ProgramId)).Append(scope.Key).Concat(parts.Select(p => p.Key)),
            programSeries.Concat([DayCounters.Superseded, DayCounters.Active7Overlap, DayCounters.Active30Overlap]), window.End, ct);
        var perProgram = programs.ToDictionary(p => p.ProgramId, p => counters.Cohort(p.ProgramId));
        var raw = await RawAsync(scope, parts, counters, order, window, ct);
        var activity = await ActivityAsync(scope, parts, counters, period, bucket, ct);
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

    /// <summary>
    /// The per-day counters a page needs, as of the period end, in two queries: every series of the given scopes summed
    /// over contributions with Since ≤ end, by day (<see cref="DayCounters"/>). One row per day and series.
    /// </summary>
    private async Task<Counters> CountersAsync(IEnumerable<string> scopes, IEnumerable<string> series, int end, CancellationToken ct)
    {
        var (scopeList, seriesList) = (scopes.Distinct().ToList(), series.Distinct().ToList());
        // As of the end = the total over all time less the contributions that start after the end. For the presets
        // (ending yesterday) the second part is a handful of rows; the first is one row per day and series.
        var totals = await db.Set<DayTotalRow>().AsNoTracking()
            .Where(c => scopeList.Contains(c.Scope) && seriesList.Contains(c.Series) && c.Day < end)
            .Select(c => new { c.Scope, c.Series, c.Day, c.Count })
            .ToListAsync(ct);
        var later = await db.Set<DayCountRow>().AsNoTracking()
            .Where(c => scopeList.Contains(c.Scope) && seriesList.Contains(c.Series) && c.Since > end && c.Day < end)
            .GroupBy(c => new { c.Scope, c.Series, c.Day })
            .Select(g => new { g.Key.Scope, g.Key.Series, g.Key.Day, Count = -g.Sum(c => c.Count) })
            .ToListAsync(ct);
        return new Counters(totals.Concat(later).GroupBy(x => (x.Scope, x.Series))
            .ToDictionary(g => g.Key, g => g.GroupBy(x => x.Day).Select(d => (d.Key, Count: d.Sum(x => x.Count))).Where(d => d.Count != 0)
                .ToDictionary(d => d.Key, d => d.Count)));
    }

    private sealed class Counters(Dictionary<(string Scope, string Series), Dictionary<int, int>> series)
    {
        private static readonly Dictionary<int, int> None = [];

        public Dictionary<int, int> Of(string scope, string name) => series.GetValueOrDefault((scope, name)) ?? None;

        /// <summary>A program-level series summed over programs.</summary>
        public Dictionary<int, int> Programs(IEnumerable<string> programIds, string name) =>
            Merge(programIds.Select(p => Of(DayCounters.ProgramScope(p), name)));

        /// <summary>Patients by the day of their last enrollment in the scope before the end.</summary>
        public Dictionary<int, int> Unique(string scope, IEnumerable<string> programIds)
        {
            var unique = Programs(programIds, DayCounters.Patients);
            foreach (var (day, count) in Of(scope, DayCounters.Superseded))
            {
                unique[day] = unique.GetValueOrDefault(day) - count;
            }
            return unique;
        }

        /// <summary>Distinct patients with a progress event in the window (enrollments active less the patients' repeats).</summary>
        public int Active(string scope, IEnumerable<string> programIds, bool week) =>
            Programs(programIds, week ? DayCounters.Active7 : DayCounters.Active30).GetValueOrDefault(0)
            - Of(scope, week ? DayCounters.Active7Overlap : DayCounters.Active30Overlap).GetValueOrDefault(0);

        public CohortSeries Cohort(string programId)
        {
            var scope = DayCounters.ProgramScope(programId);
            return new CohortSeries(Of(scope, DayCounters.Enrolled), Of(scope, DayCounters.Started), Of(scope, DayCounters.Completed), Of(scope, DayCounters.Dropout));
        }
    }

    private static Dictionary<int, int> Merge(IEnumerable<Dictionary<int, int>> series) =>
        series.SelectMany(s => s).GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.Sum(x => x.Value));

    private async Task<RawIndicators> RawAsync(AnalyticsScope scope, List<(string Key, List<string> Ids)> parts, Counters counters,
        List<string> order, Window w, CancellationToken ct)
    {
        var ids = scope.ProgramIds.ToList();
        // Unique patients of a period = patients whose last enrollment in the scope before the end is in the period.
        int? partsUnique = parts.Count == 0 ? null : parts.Sum(part => Boundaries.Sum(counters.Unique(part.Key, part.Ids), w.From, w.End));

        var allModules = db.Set<ModuleSummary>().AsNoTracking().Where(m => ids.Contains(m.ProgramId) && m.CreatedDay < w.End);
        List<IReadOnlyDictionary<int, int>> reached = [], done = [];
        List<IReadOnlyList<(long, int)>> seconds = [];
        if (order.Count > 0)
        {
            var durations = (await allModules.Where(m => m.CreatedDay >= w.From && m.CompletedDay < w.End).GroupBy(m => new { m.ModuleId, m.Seconds })
                .Select(g => new { g.Key.ModuleId, g.Key.Seconds, Count = g.Count() }).ToListAsync(ct)).ToLookup(d => d.ModuleId);
            reached = order.Select(m => (IReadOnlyDictionary<int, int>)counters.Programs(ids, DayCounters.ReachedPrefix + m)).ToList();
            done = order.Select(m => (IReadOnlyDictionary<int, int>)counters.Programs(ids, DayCounters.DonePrefix + m)).ToList();
            seconds = order.Select(m => (IReadOnlyList<(long, int)>)durations[m].Select(d => (d.Seconds ?? 0, d.Count)).ToList()).ToList();
        }

        // Waits of the cohort closed by the end (a wait opens after its enrollment, so it opened in the period).
        var waits = db.Set<WaitSummary>().AsNoTracking().Where(x => ids.Contains(x.ProgramId) && x.CreatedDay < w.End && x.ClosedDay < w.End);
        var waitSeconds = await waits.Where(x => x.CreatedDay >= w.From).GroupBy(x => x.Seconds).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);

        return new RawIndicators
        {
            Enrolled = counters.Programs(ids, DayCounters.Enrolled), Started = counters.Programs(ids, DayCounters.Started),
            Completed = counters.Programs(ids, DayCounters.Completed), Dropout = counters.Programs(ids, DayCounters.Dropout),
            Unique = counters.Unique(scope.Key, ids), ChildrenUnique = partsUnique,
            Reached = reached, ModuleCompleted = done, ModuleSeconds = seconds,
            Scores = await ScoresAsync(ids, w, ct),
            WaitSeconds = waitSeconds.Select(x => (x.Key ?? 0, x.Count)).ToList(), WaitPatients = counters.Programs(ids, DayCounters.WaitPatients),
            Messages = Boundaries.Sum(counters.Programs(ids, DayCounters.Messages), w.From, w.End),
            Minutes = Boundaries.Sum(counters.Programs(ids, DayCounters.Minutes), w.From, w.End),
            MinutePatients = counters.Programs(ids, DayCounters.MinutePatients), Completions = counters.Programs(ids, DayCounters.Completions),
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

    private async Task<ActivityCounts> ActivityAsync(AnalyticsScope page, List<(string Key, List<string> Ids)> parts, Counters counters, Period period,
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
            var (active7, active30) = (counters.Active(s.Key, s.Ids, week: true), counters.Active(s.Key, s.Ids, week: false));
            // Whole calendar buckets only (a bucket cut short by the period is not shown): one index range per scope.
            var perBucket = await db.Set<ActiveBucket>().AsNoTracking()
                .Where(x => x.Scope == s.Key && x.Kind == kind && x.Bucket >= first && x.Bucket <= last)
                .GroupBy(x => x.Bucket).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            return (active7, active30, perBucket.ToDictionary(b => StartOf(b.Key), b => b.Count));
        }
        var (a7, a30, buckets) = await CountAsync((page.Key, page.ProgramIds.ToList()));
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
