using ContentPlatform.Delivery.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Delivery.Analytics;

/// <summary>
/// Loads the facts of a scope and computes its protected report. Distinct-patient activity counts run in SQL on the
/// integer day aggregate; the rest are narrow projections (no text columns) filtered by program in SQL. Dates are
/// filtered in memory because SQLite cannot compare DateTimeOffset in SQL.
/// </summary>
public sealed class IndicatorQuery(DeliveryDbContext db, ActivityAggregator aggregator, IOptions<AnalyticsOptions> options)
{
    public int K => options.Value.MinCellSize;

    public async Task<IndicatorReport> ComputeAsync(AnalyticsScope scope, IReadOnlyList<AnalyticsProgram> programs, Period period,
        TrendBucket bucket, CancellationToken ct)
    {
        await aggregator.CatchUpAsync(db, ct);
        var facts = await LoadAsync(scope.ProgramIds, programs, period, ct);
        var activity = await ActivityAsync(scope.ProgramIds, period, bucket, ct);
        return IndicatorCalculator.Compute(scope.Key, facts, activity, period, K, bucket, scope.SingleProgramId);
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
