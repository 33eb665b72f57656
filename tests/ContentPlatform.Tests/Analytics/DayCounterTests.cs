using System.Text.Json;
using ContentPlatform.Delivery.Analytics;
using ContentPlatform.Delivery.Answers;
using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Messaging;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Tests.Analytics;

/// <summary>
/// The per-day counters the aggregator keeps (<see cref="DayCounters"/>) and the report cache keyed by its generation:
/// incremental maintenance gives exactly what a rebuild from scratch gives, a cached report follows the aggregator,
/// and a cached report is never served for another scope, period or k.
/// </summary>
public sealed class DayCounterTests
{
    private static readonly Period Synthetic = new(SyntheticCohort.From, SyntheticCohort.To.AddDays(1));

    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void A_patient_who_comes_back_is_a_dropout_only_for_period_ends_in_their_quiet_spells()
    {
        // Opened module 1 on day 100, came back on day 150, never completed: quiet for 30 days from day 101 and from 151.
        var rows = SummaryBuilder.Build(new EnrollmentFact(Guid.NewGuid(), "p", "patient", DateTimeOffset.UnixEpoch.AddDays(99)),
            [new ModuleFact(Guid.Empty, "m1", DateTimeOffset.UnixEpoch.AddDays(100), null)], [], [], [], 150, ["m1", "m2"]);
        var counts = DayCounters.Of([new DayCounters.Input(rows, [100, 150], [])], new Dictionary<string, string> { ["p"] = "org" }).Single().Value;
        int AsOf(string series, int end) => counts.Where(c => c.Series == series && c.Since <= end && c.Day < end).Sum(c => c.Count);

        // Dropout as of end E: started before E, no activity in [E − 30, E).
        var dropoutEnds = Enumerable.Range(90, 120).Where(end => AsOf(DayCounters.Dropout, end) == 1).ToList();
        Assert.Equal([.. Enumerable.Range(131, 20), .. Enumerable.Range(181, 29)], dropoutEnds);
        Assert.All(Enumerable.Range(90, 120), end => Assert.InRange(AsOf(DayCounters.Dropout, end), 0, 1));
        Assert.Equal(1, AsOf(DayCounters.Started, 101));
        Assert.Equal(0, AsOf(DayCounters.Started, 100));
        // Active in the 7 days before the end: ends 101–107 and 151–157.
        Assert.Equal([.. Enumerable.Range(101, 7), .. Enumerable.Range(151, 7)],
            Enumerable.Range(90, 120).Where(end => AsOf(DayCounters.Active7, end) == 1).ToList());
    }

    [Fact]
    public void A_score_pair_as_of_an_end_is_the_first_and_the_last_measurement_before_it()
    {
        var id = Guid.NewGuid();
        var at = DateTimeOffset.UnixEpoch;
        var rows = SummaryBuilder.Build(new EnrollmentFact(id, "p", "patient", at.AddDays(99)), [], [], [], [], null, ["m1"]);
        ScoreFact[] results = [new(1, id, "q", 10, "red", at.AddDays(101)), new(2, id, "q", 14, "yellow", at.AddDays(120)), new(3, id, "q", 8, "green", at.AddDays(140))];
        var counts = DayCounters.Of([new DayCounters.Input(rows, [], results)], new Dictionary<string, string>()).Single().Value;
        int AsOf(string kind, int end) => counts.Where(c => c.Series == DayCounters.Score(kind, "q") && c.Since <= end).Sum(c => c.Count);

        Assert.Equal((1, 0), (AsOf(DayCounters.ScoreMeasured, 102), AsOf(DayCounters.ScorePairs, 120)));
        // Ends 121–140: 10 → 14 (bin "+1 … +4"), red → yellow.
        Assert.Equal((1, 4, 1, 1, 1, 0), (AsOf(DayCounters.ScorePairs, 121), AsOf(DayCounters.ScoreChangeSum, 140), AsOf(DayCounters.ScoreBin(3), 140),
            AsOf(DayCounters.ScoreFromRedOrYellow, 140), AsOf(DayCounters.ScoreNotGreen, 140), AsOf(DayCounters.ScoreToGreen, 140)));
        // From 141: 10 → 8 (bin "−4 … −1"), red → green; the earlier pair is gone.
        Assert.Equal((1, -2, 0, 1, 0, 1), (AsOf(DayCounters.ScorePairs, 141), AsOf(DayCounters.ScoreChangeSum, 141), AsOf(DayCounters.ScoreBin(3), 141),
            AsOf(DayCounters.ScoreBin(1), 141), AsOf(DayCounters.ScoreNotGreen, 141), AsOf(DayCounters.ScoreToGreen, 141)));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Incremental_counters_equal_a_full_recomputation_after_more_events_arrive(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await SyntheticCohort.SeedAsync(app.Services);
        var programs = await app.Services.GetRequiredService<AnalyticsCatalogue>().ProgramsAsync(CancellationToken.None);
        await CatchUpAsync(app.Services, programs);

        await AddLaterFactsAsync(app.Services);
        await CatchUpAsync(app.Services, programs);
        var incremental = await CountersAsync(app.Services);
        var reports = await ReportsAsync(app.Services, programs);

        // The aggregate always equals the sum of the enrollments' stored contributions …
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<DeliveryDbContext>().Set<EnrollmentCounts>().Select(c => c.Counts).ToListAsync();
            Assert.Equal(Text(DayCounters.Merge(stored.SelectMany(DayCounters.Deserialize))), incremental);
        }
        // … and everything built step by step equals a rebuild from scratch over the same facts.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
            await context.Set<DayCountRow>().ExecuteDeleteAsync();
            await context.Set<DayTotalRow>().ExecuteDeleteAsync();
            await context.Set<EnrollmentCounts>().ExecuteDeleteAsync();
            await context.Set<EnrollmentSummary>().ExecuteDeleteAsync();
            await context.Set<ModuleSummary>().ExecuteDeleteAsync();
            await context.Set<ScoreSummary>().ExecuteDeleteAsync();
            await context.Set<WaitSummary>().ExecuteDeleteAsync();
            await context.Set<CareDaySummary>().ExecuteDeleteAsync();
            await context.Set<ActiveBucket>().ExecuteDeleteAsync();
            await context.ActivityDays.ExecuteDeleteAsync();
            await context.AnalyticsCursors.ExecuteDeleteAsync();
        }
        await CatchUpAsync(app.Services, programs);
        Assert.Equal(incremental, await CountersAsync(app.Services));
        Assert.Equal(reports, await ReportsAsync(app.Services, programs));
        Assert.Contains(incremental, line => line.Contains(DayCounters.Superseded, StringComparison.Ordinal)); // the data exercises it
        Assert.Contains(incremental, line => line.Contains(DayCounters.Active30Overlap, StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_cached_report_refreshes_when_the_aggregator_folds_in_what_it_held_back(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await SyntheticCohort.SeedAsync(app.Services);
        var programs = await app.Services.GetRequiredService<AnalyticsCatalogue>().ProgramsAsync(CancellationToken.None);
        var scope = AnalyticsCatalogue.Resolve($"program:{SyntheticCohort.Guided}", programs)!;
        // After all the seeded facts (the last are on 03-28), on the last day of the period.
        var at = new DateTimeOffset(2026, 3, 29, 12, 0, 0, TimeSpan.Zero);
        var clock = new ManualClock(at.AddSeconds(10));
        var aggregator = ActivatorUtilities.CreateInstance<ActivityAggregator>(app.Services, (TimeProvider)clock);
        var cache = app.Services.GetRequiredService<IMemoryCache>();
        async Task<string> ReportAsync(bool cached)
        {
            await using var s = app.Services.CreateAsyncScope();
            var query = ActivatorUtilities.CreateInstance<IndicatorQuery>(s.ServiceProvider, aggregator, cache);
            var report = cached
                ? await query.ComputeAsync(scope, programs, Synthetic, TrendBucket.Week, CancellationToken.None)
                : await query.ComputeUncachedAsync(scope, programs, Synthetic, TrendBucket.Week, CancellationToken.None);
            return JsonSerializer.Serialize(report);
        }

        var before = await ReportAsync(cached: true);
        // Five patients who stopped in module 1 come back ten seconds before "now".
        await using (var s = app.Services.CreateAsyncScope())
        {
            var context = s.ServiceProvider.GetRequiredService<DeliveryDbContext>();
            foreach (var i in Enumerable.Range(12, 5))
            {
                var enrollment = await context.Enrollments.SingleAsync(e => e.PatientId == $"patient-a-{i}" && e.ProgramId == SyntheticCohort.Guided);
                context.ProgressEvents.Add(new ProgressEvent
                {
                    EnrollmentId = enrollment.Id, Verb = ProgressVerbs.Viewed, ModuleId = SamplePrograms.ModuleId(1), ObjectId = "page", Release = 1, At = at,
                });
            }
            await context.SaveChangesAsync();
        }
        var first = await ReportAsync(cached: true);
        if (db == Db.Postgres)
        {
            // PostgreSQL holds back rows younger than 30 seconds (a slower transaction may still commit a smaller id).
            Assert.Equal(before, first);
        }
        clock.Now = at.AddMinutes(5);
        var later = await ReportAsync(cached: true);
        Assert.NotEqual(before, later);
        Assert.Equal(await ReportAsync(cached: false), later);
        Assert.Equal(later, await ReportAsync(cached: true));
    }

    [Fact]
    public async Task On_SQLite_a_row_dated_in_the_future_does_not_stop_the_aggregator()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await SyntheticCohort.SeedAsync(app.Services);
        var programs = await app.Services.GetRequiredService<AnalyticsCatalogue>().ProgramsAsync(CancellationToken.None);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // A result stamped an hour ahead (a skewed clock) and one after it: one writer, so both are safe to read now.
            var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
            var enrollment = await db.Enrollments.FirstAsync(e => e.ProgramId == SyntheticCohort.Guided);
            foreach (var at in new[] { DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow })
            {
                db.QuestionnaireResults.Add(new QuestionnaireResult
                {
                    EnrollmentId = enrollment.Id, ModuleId = "m", BlockId = "b", QuestionnaireId = SyntheticCohort.Questionnaire, SubmissionId = Guid.NewGuid(),
                    AnswersJson = "{}", Total = 3, MaxTotal = 30, TrafficLight = "green", SubmittedAt = at,
                });
            }
            await db.SaveChangesAsync();
        }
        await CatchUpAsync(app.Services, programs);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
            Assert.Equal(await db.QuestionnaireResults.MaxAsync(r => r.Id), await db.AnalyticsCursors.Where(c => c.Name == "results").Select(c => c.LastEventId).SingleAsync());
        }
    }

    [Fact]
    public async Task A_cached_report_is_never_served_for_another_scope_period_or_k()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await SyntheticCohort.SeedAsync(app.Services);
        var programs = await app.Services.GetRequiredService<AnalyticsCatalogue>().ProgramsAsync(CancellationToken.None);
        var cache = app.Services.GetRequiredService<IMemoryCache>();
        async Task<(string Cached, string Fresh)> BothAsync(string key, Period period, int k)
        {
            await using var s = app.Services.CreateAsyncScope();
            var options = Options.Create(new AnalyticsOptions { MinCellSize = k });
            var query = ActivatorUtilities.CreateInstance<IndicatorQuery>(s.ServiceProvider, options, cache);
            var scope = AnalyticsCatalogue.Resolve(key, programs)!;
            var cached = await query.ComputeAsync(scope, programs, period, TrendBucket.Week, CancellationToken.None);
            var fresh = await query.ComputeUncachedAsync(scope, programs, period, TrendBucket.Week, CancellationToken.None);
            return (JsonSerializer.Serialize(cached), JsonSerializer.Serialize(fresh));
        }

        var seen = new HashSet<string>();
        var shorter = Synthetic with { From = SyntheticCohort.From.AddDays(28) };
        foreach (var (key, period, k) in new[]
                 {
                     ($"program:{SyntheticCohort.Guided}", Synthetic, 5), ($"program:{SyntheticCohort.Course}", Synthetic, 5),
                     ($"org:{SyntheticCohort.GuidedOrganisation}", Synthetic, 5), ("all", Synthetic, 5),
                     ($"program:{SyntheticCohort.Guided}", shorter, 5), ($"program:{SyntheticCohort.Guided}", Synthetic, 25),
                     ("all", Synthetic, 25),
                 })
        {
            var (cached, fresh) = await BothAsync(key, period, k);
            Assert.Equal(fresh, cached);
            Assert.True(seen.Add(cached), $"{key} {period} k={k} gave the same report as an earlier one");
        }
    }

    private static async Task CatchUpAsync(IServiceProvider services, IReadOnlyList<AnalyticsProgram> programs)
    {
        await using var scope = services.CreateAsyncScope();
        await services.GetRequiredService<ActivityAggregator>().CatchUpAsync(scope.ServiceProvider.GetRequiredService<DeliveryDbContext>(), programs, CancellationToken.None);
    }

    /// <summary>Non-zero counters as sorted text lines; the totals are checked against them on the way.</summary>
    private static async Task<List<string>> CountersAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        var rows = await db.Set<DayCountRow>().AsNoTracking().ToListAsync();
        var totals = await db.Set<DayTotalRow>().AsNoTracking().ToListAsync();
        Assert.Equal(Text(rows.GroupBy(r => (r.Scope, r.Series, r.Day)).Select(g => new DayCount(g.Key.Scope, g.Key.Series, g.Key.Day, 0, g.Sum(r => r.Count)))),
            Text(totals.Select(t => new DayCount(t.Scope, t.Series, t.Day, 0, t.Count))));
        return Text(rows.Select(r => new DayCount(r.Scope, r.Series, r.Day, r.Since, r.Count)));
    }

    private static List<string> Text(IEnumerable<DayCount> counts) =>
        counts.Where(c => c.Count != 0).Select(c => c.ToString()).Order(StringComparer.Ordinal).ToList();

    private static async Task<List<string>> ReportsAsync(IServiceProvider services, IReadOnlyList<AnalyticsProgram> programs)
    {
        var reports = new List<string>();
        foreach (var key in new[] { "all", $"org:{SyntheticCohort.GuidedOrganisation}", $"program:{SyntheticCohort.Guided}", $"program:{SyntheticCohort.Course}" })
        {
            foreach (var period in new[] { Synthetic, new Period(SyntheticCohort.From.AddDays(14), SyntheticCohort.From.AddDays(63)) })
            {
                await using var scope = services.CreateAsyncScope();
                var report = await scope.ServiceProvider.GetRequiredService<IndicatorQuery>()
                    .ComputeUncachedAsync(AnalyticsCatalogue.Resolve(key, programs)!, programs, period, TrendBucket.Week, CancellationToken.None);
                reports.Add(JsonSerializer.Serialize(report));
            }
        }
        return reports;
    }

    /// <summary>
    /// What happens after a first catch-up: dropouts come back and finish a module, a patient of the guided program
    /// enrols in the course too (a second organisation: unique and active patients overlap), messages and time arrive.
    /// </summary>
    private static async Task AddLaterFactsAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        var back = new DateTimeOffset(2026, 3, 20, 9, 0, 0, TimeSpan.Zero);
        foreach (var i in Enumerable.Range(12, 6))
        {
            var e = await db.Enrollments.SingleAsync(x => x.PatientId == $"patient-a-{i}" && x.ProgramId == SyntheticCohort.Guided);
            db.ProgressEvents.Add(new ProgressEvent { EnrollmentId = e.Id, Verb = ProgressVerbs.Viewed, ModuleId = SamplePrograms.ModuleId(1), ObjectId = "page", Release = 1, At = back });
            if (i % 2 == 0)
            {
                var module = await db.ModuleProgress.SingleAsync(m => m.EnrollmentId == e.Id && m.ModuleId == SamplePrograms.ModuleId(1));
                module.CompletedAt = back.AddHours(1);
                db.ProgressEvents.Add(new ProgressEvent { EnrollmentId = e.Id, Verb = ProgressVerbs.Completed, ModuleId = SamplePrograms.ModuleId(1), Release = 1, At = back.AddHours(1) });
            }
            db.Messages.Add(new Message
            {
                EnrollmentId = e.Id, SenderId = e.PatientId!, SenderName = "Synthetic patient", FromPatient = true, Body = "Tilbake", ClientId = Guid.NewGuid(), SentAt = back,
            });
        }
        foreach (var i in Enumerable.Range(100, 8))
        {
            var course = new ProgramEnrollment
            {
                ProgramId = SyntheticCohort.Course, PatientId = $"patient-a-{i}", CreatedBy = "therapist-1", CreatedAt = back.AddDays(-10), StartedAt = back.AddDays(-10),
                InviteeName = "Synthetic",
            };
            db.Enrollments.Add(course);
            db.ModuleProgress.Add(new ModuleProgress { EnrollmentId = course.Id, ModuleId = $"{SyntheticCohort.Course}-m1", StartedAt = back.AddDays(-9) });
            db.ProgressEvents.Add(new ProgressEvent { EnrollmentId = course.Id, Verb = ProgressVerbs.Viewed, ModuleId = $"{SyntheticCohort.Course}-m1", ObjectId = "page", Release = 1, At = back.AddDays(-9) });
            db.StaffTimeEntries.Add(new StaffTimeEntry { EnrollmentId = course.Id, StaffUserId = "therapist-1", Minutes = 20, At = back.AddDays(-8) });
        }
        await db.SaveChangesAsync();
    }
}
