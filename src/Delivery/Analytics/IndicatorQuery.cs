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
        var raw = await RawAsync(scope.ProgramIds, perProgram, order, window, ct);
        var activity = await ActivityAsync(scope.ProgramIds, period, bucket, ct);
        var report = IndicatorCalculator.Protect(scope.Key, raw, activity, period, K, bucket, order);
        if (scope.Key == "all")
        {
            return report;
        }
        Dictionary<string, int> CountsOf(IEnumerable<string> ids) =>
            SiblingSuppression.Additive.ToDictionary(k => k, k => ids.Sum(id => perProgram.GetValueOrDefault(id)?.Additive[k] ?? 0));
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

    /// <summary>The period as integer days: the cohort is created in [From, End); "as of the end" means before End.</summary>
    private sealed record Window(int From, int End)
    {
        /// <summary>First day of the inactivity window that makes a started, unfinished patient a dropout.</summary>
        public int Quiet => End - Indicators.DropoutDays;
    }

    private sealed record CohortCounts(int Enrolled, int Started, int Completed, int Dropout, Dictionary<int, int> PerDay)
    {
        public Dictionary<string, int> Additive => new()
        {
            [Indicators.Enrolled] = Enrolled, [Indicators.Started] = Started, [Indicators.Completed] = Completed,
            [Indicators.Dropout] = Dropout, [Indicators.InProgress] = Started - Completed - Dropout,
        };
    }

    /// <summary>Enrolled (per creation day), started, completed and dropped out, per program, as of the period end.</summary>
    private async Task<Dictionary<string, CohortCounts>> CohortAsync(List<string> programIds, Window w, CancellationToken ct)
    {
        var cohort = Summaries.Where(s => programIds.Contains(s.ProgramId) && s.CreatedDay >= w.From && s.CreatedDay < w.End);
        var groups = await cohort
            .GroupBy(s => new { s.ProgramId, s.CreatedDay, Started = s.StartedDay < w.End, Completed = s.CompletedDay < w.End })
            .Select(g => new { g.Key.ProgramId, g.Key.CreatedDay, g.Key.Started, g.Key.Completed, Count = g.Count() })
            .ToListAsync(ct);
        // Dropout: started, unfinished, and no activity in the 30 days before the end. The summary's last active day
        // (as of now) settles it unless there was activity after the end (a period in the past); then the day aggregate
        // and the module rows are asked about the window itself.
        var activityDays = db.ActivityDays;
        var moduleRows = db.Set<ModuleSummary>();
        var dropouts = await cohort
            .Where(s => s.StartedDay < w.End && !(s.CompletedDay < w.End))
            .Where(s => s.LastActiveDay < w.Quiet
                        || (s.LastActiveDay >= w.End
                            && !activityDays.Any(a => a.EnrollmentId == s.EnrollmentId && a.Day >= w.Quiet && a.Day < w.End)
                            && !moduleRows.Any(m => m.EnrollmentId == s.EnrollmentId
                                                    && ((m.StartedDay >= w.Quiet && m.StartedDay < w.End) || (m.CompletedDay >= w.Quiet && m.CompletedDay < w.End)))))
            .GroupBy(s => s.ProgramId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return groups.GroupBy(g => g.ProgramId).ToDictionary(p => p.Key, p => new CohortCounts(
            p.Sum(g => g.Count), p.Where(g => g.Started).Sum(g => g.Count), p.Where(g => g.Completed).Sum(g => g.Count),
            dropouts.GetValueOrDefault(p.Key), p.GroupBy(g => g.CreatedDay).ToDictionary(d => d.Key, d => d.Sum(g => g.Count))));
    }

    private IQueryable<EnrollmentSummary> Summaries => db.Set<EnrollmentSummary>().AsNoTracking();

    private async Task<RawIndicators> RawAsync(IReadOnlyList<string> scopeIds, Dictionary<string, CohortCounts> perProgram,
        List<string> order, Window w, CancellationToken ct)
    {
        var ids = scopeIds.ToList();
        var mine = ids.Select(id => perProgram.GetValueOrDefault(id)).OfType<CohortCounts>().ToList();
        var unique = await Summaries.Where(s => ids.Contains(s.ProgramId) && s.CreatedDay >= w.From && s.CreatedDay < w.End && s.PatientId != null)
            .Select(s => s.PatientId).Distinct().CountAsync(ct);

        var modules = db.Set<ModuleSummary>().AsNoTracking()
            .Where(m => ids.Contains(m.ProgramId) && m.CreatedDay >= w.From && m.CreatedDay < w.End && m.StartedDay < w.End);
        var completedPerDay = await modules.Where(m => m.CompletedDay >= w.From && m.CompletedDay < w.End)
            .GroupBy(m => m.CompletedDay!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        List<int> reached = [], done = [];
        List<IReadOnlyList<(long, int)>> seconds = [];
        if (order.Count > 0)
        {
            var funnel = await modules.GroupBy(m => m.ModuleId)
                .Select(g => new { g.Key, Reached = g.Count(), Done = g.Count(m => m.CompletedDay < w.End) }).ToDictionaryAsync(x => x.Key, ct);
            var durations = (await modules.Where(m => m.CompletedDay < w.End).GroupBy(m => new { m.ModuleId, m.Seconds })
                .Select(g => new { g.Key.ModuleId, g.Key.Seconds, Count = g.Count() }).ToListAsync(ct)).ToLookup(d => d.ModuleId);
            reached = order.Select(m => funnel.GetValueOrDefault(m)?.Reached ?? 0).ToList();
            done = order.Select(m => funnel.GetValueOrDefault(m)?.Done ?? 0).ToList();
            seconds = order.Select(m => (IReadOnlyList<(long, int)>)durations[m].Select(d => (d.Seconds ?? 0, d.Count)).ToList()).ToList();
        }

        var waits = db.Set<WaitSummary>().AsNoTracking()
            .Where(x => ids.Contains(x.ProgramId) && x.CreatedDay >= w.From && x.CreatedDay < w.End && x.OpenedDay >= w.From && x.ClosedDay < w.End);
        var waitSeconds = await waits.GroupBy(x => x.Seconds).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var waitPatients = await waits.Select(x => x.EnrollmentId).Distinct().CountAsync(ct);

        var care = db.Set<CareDaySummary>().AsNoTracking()
            .Where(c => ids.Contains(c.ProgramId) && c.CreatedDay >= w.From && c.CreatedDay < w.End && c.Day >= w.From && c.Day < w.End);
        var messages = await care.SumAsync(c => (int?)c.Messages, ct) ?? 0;
        var minuteDays = care.Where(c => c.TimeEntries > 0);
        var minutes = await minuteDays.SumAsync(c => (int?)c.Minutes, ct) ?? 0;
        var minutePatients = await minuteDays.Select(c => c.EnrollmentId).Distinct().CountAsync(ct);

        return new RawIndicators
        {
            Enrolled = mine.Sum(c => c.Enrolled), UniquePatients = unique, Started = mine.Sum(c => c.Started),
            Completed = mine.Sum(c => c.Completed), Dropout = mine.Sum(c => c.Dropout),
            Reached = reached, ModuleCompleted = done, ModuleSeconds = seconds,
            Scores = await ScoresAsync(ids, w, ct),
            WaitSeconds = waitSeconds.Select(x => (x.Key ?? 0, x.Count)).ToList(), PatientsWithWaits = waitPatients,
            Messages = messages, Minutes = minutes, PatientsWithMinutes = minutePatients,
            EnrolledPerDay = mine.SelectMany(c => c.PerDay).GroupBy(d => d.Key).ToDictionary(g => g.Key, g => g.Sum(d => d.Value)),
            CompletedPerDay = completedPerDay,
        };
    }

    /// <summary>
    /// First and last measurement per patient and questionnaire, as of the period end. A summary whose last measurement
    /// is before the end is that pair; the few measured again after the end (only for a period in the past) are read
    /// from their results.
    /// </summary>
    private async Task<List<RawScore>> ScoresAsync(List<string> ids, Window w, CancellationToken ct)
    {
        var scores = db.Set<ScoreSummary>().AsNoTracking()
            .Where(s => ids.Contains(s.ProgramId) && s.CreatedDay >= w.From && s.CreatedDay < w.End && s.FirstDay < w.End);
        var questionnaires = await scores.Select(s => s.QuestionnaireId).Distinct().ToListAsync(ct);
        var pairs = (await scores.Where(s => s.LastDay < w.End && s.Measurements >= 2)
            .GroupBy(s => new { s.QuestionnaireId, Change = s.LastTotal - s.FirstTotal, s.FirstLight, s.LastLight })
            .Select(g => new { g.Key.QuestionnaireId, g.Key.Change, g.Key.FirstLight, g.Key.LastLight, Count = g.Count() })
            .ToListAsync(ct)).Select(x => (x.QuestionnaireId, x.Change, x.FirstLight, x.LastLight, x.Count)).ToList();
        var later = await scores.Where(s => s.LastDay >= w.End && s.SecondDay < w.End).Select(s => new { s.EnrollmentId, s.QuestionnaireId }).ToListAsync(ct);
        if (later.Count > 0)
        {
            var enrollments = later.Select(l => l.EnrollmentId).Distinct().ToList();
            var wanted = later.Select(l => (l.EnrollmentId, l.QuestionnaireId)).ToHashSet();
            var results = await db.QuestionnaireResults.AsNoTracking().Where(r => enrollments.Contains(r.EnrollmentId))
                .Select(r => new ScoreFact(r.Id, r.EnrollmentId, r.QuestionnaireId, r.Total, r.TrafficLight, r.SubmittedAt)).ToListAsync(ct);
            foreach (var g in results.Where(r => wanted.Contains((r.EnrollmentId, r.QuestionnaireId)) && ActivityAggregator.DayOf(r.At) < w.End)
                         .GroupBy(r => (r.EnrollmentId, r.QuestionnaireId)))
            {
                var list = g.OrderBy(s => s.At).ThenBy(s => s.Id).ToList();
                pairs.Add((g.Key.QuestionnaireId, list[^1].Total - list[0].Total, list[0].TrafficLight, list[^1].TrafficLight, 1));
            }
        }
        var byQuestionnaire = pairs.ToLookup(p => p.QuestionnaireId);
        return questionnaires.Select(q => new RawScore(q, byQuestionnaire[q].Select(p => (p.Change, p.FirstLight, p.LastLight, p.Count)).ToList())).ToList();
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

    private async Task<ActivityCounts> ActivityAsync(IReadOnlyList<string> programIds, Period period, TrendBucket bucket, CancellationToken ct)
    {
        var ids = programIds.ToList();
        var fromDay = ActivityAggregator.DayOf(period.From);
        var endDay = ActivityAggregator.DayOf(period.To);
        var days = db.ActivityDays.AsNoTracking().Where(a => ids.Contains(a.ProgramId));
        var active7 = await days.Where(a => a.Day >= endDay - 7 && a.Day < endDay).Select(a => a.PatientId).Distinct().CountAsync(ct);
        var active30 = await days.Where(a => a.Day >= endDay - 30 && a.Day < endDay).Select(a => a.PatientId).Distinct().CountAsync(ct);
        var inPeriod = days.Where(a => a.Day >= fromDay && a.Day < endDay);
        var perBucket = bucket == TrendBucket.Week
            ? await inPeriod.GroupBy(a => a.Week).Select(g => new { g.Key, Count = g.Select(a => a.PatientId).Distinct().Count() }).ToListAsync(ct)
            : await inPeriod.GroupBy(a => a.Month).Select(g => new { g.Key, Count = g.Select(a => a.PatientId).Distinct().Count() }).ToListAsync(ct);
        var starts = perBucket.ToDictionary(
            b => Max(period.From, bucket == TrendBucket.Week
                ? ActivityAggregator.DateOf(b.Key * 7 - 3)
                : new DateOnly(b.Key / 12, b.Key % 12 + 1, 1)),
            b => b.Count);
        return new ActivityCounts(active7, active30, starts);
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
