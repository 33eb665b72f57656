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
            scope.ProgramIds.Select(DayCounters.ProgramScope),
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
    private async Task<Counters> CountersAsync(IEnumerable<string> scopes, IEnumerable<string> own, IEnumerable<string> series, int end, CancellationToken ct)
    {
        // The given series of every scope, and every series (scores by questionnaire too) of the page's own programs.
        var (scopeList, ownList, seriesList) = (scopes.Distinct().ToList(), own.Distinct().ToList(), series.Distinct().ToList());
        // As of the end = the total over all time less the contributions that start after the end. For the presets
        // (ending yesterday) the second part is a handful of rows; the first is one row per day and series.
        var totals = await db.Set<DayTotalRow>().AsNoTracking()
            .Where(c => scopeList.Contains(c.Scope) && (seriesList.Contains(c.Series) || ownList.Contains(c.Scope)) && c.Day < end)
            .Select(c => new { c.Scope, c.Series, c.Day, c.Count })
            .ToListAsync(ct);
        var later = await db.Set<DayCountRow>().AsNoTracking()
            .Where(c => scopeList.Contains(c.Scope) && (seriesList.Contains(c.Series) || ownList.Contains(c.Scope)) && c.Since > end && c.Day < end)
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

        public IEnumerable<string> SeriesOf(string scope) => series.Keys.Where(k => k.Scope == scope).Select(k => k.Series);

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

        List<IReadOnlyDictionary<int, int>> reached = [], done = [];
        List<IReadOnlyList<(long, int)>> seconds = [];
        if (order.Count > 0)
        {
            var durations = await RanksAsync("AnalyticsModules", "CompletedDay", "ModuleId", ids, w, ct);
            reached = order.Select(m => (IReadOnlyDictionary<int, int>)counters.Programs(ids, DayCounters.ReachedPrefix + m)).ToList();
            done = order.Select(m => (IReadOnlyDictionary<int, int>)counters.Programs(ids, DayCounters.DonePrefix + m)).ToList();
            seconds = order.Select(m => durations.GetValueOrDefault(m) ?? []).ToList();
        }

        // Waits of the cohort closed by the end (a wait opens after its enrollment, so it opened in the period).
        var waitSeconds = (await RanksAsync("AnalyticsWaits", "ClosedDay", null, ids, w, ct)).GetValueOrDefault("") ?? [];

        return new RawIndicators
        {
            Enrolled = counters.Programs(ids, DayCounters.Enrolled), Started = counters.Programs(ids, DayCounters.Started),
            Completed = counters.Programs(ids, DayCounters.Completed), Dropout = counters.Programs(ids, DayCounters.Dropout),
            Unique = counters.Unique(scope.Key, ids), ChildrenUnique = partsUnique,
            Reached = reached, ModuleCompleted = done, ModuleSeconds = seconds,
            Scores = Scores(counters, ids, w),
            WaitSeconds = waitSeconds, WaitPatients = counters.Programs(ids, DayCounters.WaitPatients),
            Messages = Boundaries.Sum(counters.Programs(ids, DayCounters.Messages), w.From, w.End),
            Minutes = Boundaries.Sum(counters.Programs(ids, DayCounters.Minutes), w.From, w.End),
            MinutePatients = counters.Programs(ids, DayCounters.MinutePatients), Completions = counters.Programs(ids, DayCounters.Completions),
        };
    }

    /// <summary>
    /// Medians and the 90th percentile of seconds (module times, waits) of the period's cohort, without loading a value per
    /// patient: the database ranks the values (per module) and returns only those at the ranks the median and the nearest-
    /// rank 90th percentile read, as a histogram that keeps every one of those ranks in place (so
    /// <see cref="IndicatorCalculator.Median"/> and <see cref="IndicatorCalculator.Percentile"/> give exactly what they
    /// give over all values) and the true count n.
    /// </summary>
    private async Task<Dictionary<string, IReadOnlyList<(long Seconds, int Count)>>> RanksAsync(string table, string closedDay, string? key,
        List<string> ids, Window w, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var programs = string.Join(", ", ids.Select((_, i) => $"{{{i + 2}}}"));
        var (keyColumn, partition) = key is null ? ("''", "") : ($"\"{key}\"", $"PARTITION BY \"{key}\"");
        var sql = $$"""
            SELECT r."Key", r."Seconds", r."Rank", r."N" FROM (
                SELECT CAST({{keyColumn}} AS VARCHAR(64)) AS "Key", "Seconds",
                       ROW_NUMBER() OVER ({{partition}} ORDER BY "Seconds") - 1 AS "Rank", COUNT(*) OVER ({{partition}}) AS "N"
                FROM "{{table}}"
                WHERE "ProgramId" IN ({{programs}}) AND "CreatedDay" >= {0} AND "CreatedDay" < {1} AND "{{closedDay}}" < {1}) AS r
            WHERE r."Rank" = (r."N" - 1) / 2 OR r."Rank" = r."N" / 2 OR r."Rank" = (9 * r."N" + 9) / 10 - 1
            """;
        var rows = await db.Database.SqlQueryRaw<RankRow>(sql, [w.From, w.End, .. ids]).ToListAsync(ct);
        return rows.GroupBy(r => r.Key).ToDictionary(g => g.Key, g =>
        {
            var n = (int)g.First().N;
            var ranked = g.OrderBy(r => r.Rank).ToList();
            // Rank r_i stands for ranks r_(i−1)+1 … r_i; the last also for those after it up to n − 1.
            return (IReadOnlyList<(long, int)>)ranked.Select((r, i) => (r.Seconds,
                (int)(r.Rank - (i == 0 ? -1 : ranked[i - 1].Rank)) + (i == ranked.Count - 1 ? n - 1 - (int)r.Rank : 0))).ToList();
        });
    }

    private sealed class RankRow
    {
        public string Key { get; init; } = "";
        public long Seconds { get; init; }
        public long Rank { get; init; }
        public long N { get; init; }
    }

    /// <summary>Questionnaires measured at least once in the period's cohort, with their series (all from the counters).</summary>
    private static List<RawScore> Scores(Counters counters, List<string> ids, Window w)
    {
        var prefix = DayCounters.Score(DayCounters.ScoreMeasured, "");
        var measured = ids.SelectMany(id => counters.SeriesOf(DayCounters.ProgramScope(id)))
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal)).Select(name => name[prefix.Length..]).Distinct()
            .Where(q => Boundaries.Sum(counters.Programs(ids, DayCounters.Score(DayCounters.ScoreMeasured, q)), w.From, w.End) > 0);
        return measured.Order(StringComparer.Ordinal).Select(q =>
        {
            Dictionary<int, int> Of(string kind) => counters.Programs(ids, DayCounters.Score(kind, q));
            return new RawScore(q, Of(DayCounters.ScorePairs), ScoreChange.Bins.Select((_, i) => (IReadOnlyDictionary<int, int>)Of(DayCounters.ScoreBin(i))).ToList(),
                Of(DayCounters.ScoreChangeSum), Of(DayCounters.ScoreFromRedOrYellow), Of(DayCounters.ScoreToGreen), Of(DayCounters.ScoreNotGreen));
        }).ToList();
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
