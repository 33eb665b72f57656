using ContentPlatform.Delivery.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Delivery.Analytics;

/// <summary>
/// Loads the facts of a scope and computes its protected report. Distinct-patient activity counts run in SQL on the
/// integer day aggregate; the rest are narrow projections (no text columns) filtered by program in SQL. Dates are
/// filtered in memory because SQLite cannot compare DateTimeOffset in SQL.
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

    private async Task<IndicatorReport> ComputeUncachedAsync(AnalyticsScope scope, IReadOnlyList<AnalyticsProgram> programs, Period period,
        TrendBucket bucket, CancellationToken ct)
    {
        await aggregator.CatchUpAsync(db, ct);
        // All programs' facts are loaded (one set of queries) because hiding must agree across levels; then split.
        var all = await LoadAsync(programs.Select(p => p.ProgramId).ToList(), programs, period, ct);
        var activity = await ActivityAsync(scope.ProgramIds, period, bucket, ct);
        var report = IndicatorCalculator.Compute(scope.Key, Only(all, scope.ProgramIds), activity, period, K, bucket, scope.SingleProgramId);
        if (scope.Key == "all")
        {
            return report;
        }
        var own = SiblingSuppression.RawCounts(Only(all, scope.ProgramIds), period);
        // An organisation is one part of the platform total: what that partition hides for the organisation is hidden on
        // its page and on each of its programs' pages (otherwise the programs would add back up to it).
        var orgs = programs.Select(p => p.Organisation).Distinct().Order(StringComparer.Ordinal).ToList();
        var organisation = scope.SingleProgramId is { } id ? programs.First(p => p.ProgramId == id).Organisation : scope.Key[4..];
        var orgCounts = orgs.Select(o => SiblingSuppression.RawCounts(Only(all, ProgramsOf(programs, o)), period)).ToList();
        var hidden = SiblingSuppression.HiddenKeys(orgs.IndexOf(organisation), orgCounts, K).ToList();
        if (scope.SingleProgramId is { } programId)
        {
            // A program is one part of its organisation's total.
            var siblings = ProgramsOf(programs, organisation);
            var counts = siblings.Select(p => SiblingSuppression.RawCounts(Only(all, [p]), period)).ToList();
            hidden.AddRange(SiblingSuppression.HiddenKeys(siblings.IndexOf(programId), counts, K));
        }
        return hidden.Count == 0 ? report : SiblingSuppression.Apply(report, hidden, own, K);
    }

    private static List<string> ProgramsOf(IReadOnlyList<AnalyticsProgram> programs, string organisation) =>
        programs.Where(p => p.Organisation == organisation).Select(p => p.ProgramId).Order(StringComparer.Ordinal).ToList();

    private static IndicatorFacts Only(IndicatorFacts facts, IReadOnlyList<string> programIds)
    {
        var enrollments = facts.Enrollments.Where(e => programIds.Contains(e.ProgramId)).ToList();
        if (enrollments.Count == facts.Enrollments.Count)
        {
            return facts;
        }
        var ids = enrollments.Select(e => e.Id).ToHashSet();
        return facts with
        {
            Enrollments = enrollments,
            Modules = facts.Modules.Where(m => ids.Contains(m.EnrollmentId)).ToList(),
            Scores = facts.Scores.Where(m => ids.Contains(m.EnrollmentId)).ToList(),
            Messages = facts.Messages.Where(m => ids.Contains(m.EnrollmentId)).ToList(),
            StaffTime = facts.StaffTime.Where(m => ids.Contains(m.EnrollmentId)).ToList(),
        };
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
        var days = db.ActivityDays.AsNoTracking().Where(a => ids.Contains(a.ProgramId))
            .Join(db.Enrollments, a => a.EnrollmentId, e => e.Id, (a, e) => new { a.Day, a.Week, a.Month, e.PatientId });
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
