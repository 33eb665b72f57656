using ContentPlatform.Delivery.Analytics;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static ContentPlatform.Delivery.Analytics.Indicators;

namespace ContentPlatform.Tests.Analytics;

/// <summary>
/// The differencing attack: an analyst asks for many overlapping periods (13 weeks and 12 weeks, a month and its weeks,
/// every start day of a fortnight) and subtracts what is shown, trying to get back a group smaller than k. Every shown
/// count over a period is a difference of two running totals, so the attacker's knowledge is a graph: days are nodes,
/// each shown count links its start and end. Any two days joined by a path give their difference exactly; the test
/// builds that graph from the real answers and checks that no difference it yields is 1…k−1.
/// </summary>
public sealed class DifferencingTests
{
    private const int K = 5;
    private static readonly DateOnly End = SyntheticCohort.To; // Sunday 2026-03-29, inclusive

    [Fact]
    public void Block_edges_never_differ_by_a_small_number()
    {
        var random = new Random(8);
        for (var round = 0; round < 200; round++)
        {
            var series = Enumerable.Range(0, 60).Where(_ => random.NextDouble() < 0.4).ToDictionary(d => d, _ => random.Next(1, 9));
            var total = series.Values.Sum();
            var forward = Enumerable.Range(0, 62).Where(d => Boundaries.IsEdge(series, d, K)).ToList();
            var backward = Enumerable.Range(0, 61).Where(d => Boundaries.IsStart(series, d, 61, K)).ToList();
            foreach (var edges in new[] { forward, backward })
            {
                foreach (var (a, b) in edges.SelectMany(a => edges.Where(b => b > a).Select(b => (a, b))))
                {
                    Assert.False(SmallCells.IsSmall(Boundaries.Sum(series, a, b), K), $"round {round}: [{a}, {b}) sums to a small group");
                }
            }
            Assert.True(total < K || backward.Contains(0), $"round {round}: a period from before all data starts on an edge");
        }
    }

    [Fact]
    public void A_period_ends_at_a_finished_day_so_a_shown_number_never_changes_while_one_watches()
    {
        var today = new DateOnly(2026, 11, 30);
        foreach (var preset in new[] { "4w", "13w", "52w", "all" })
        {
            Assert.Equal(today, PeriodChoice.Parse(preset, null, null, null, today)!.Period.To); // exclusive: ends with yesterday
        }
        Assert.Equal(new Period(today.AddDays(-91), today), PeriodChoice.Parse(null, null, null, null, today)!.Period); // 13 weeks
        var reachingIntoToday = PeriodChoice.Parse("custom", "2026-11-01", "2026-12-31", null, today)!;
        Assert.Equal(today, reachingIntoToday.Period.To);
        Assert.Null(PeriodChoice.Parse("custom", "2026-11-30", "2026-11-30", null, today)); // only today: nothing finished yet
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Subtracting_overlapping_periods_never_gives_back_three_patients_enrolled_in_one_week(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await SyntheticCohort.SeedAsync(app.Services);
        // Three more patients in the week before the synthetic cohort (Tuesday 2025-12-30); two of them open module 1.
        await AddAsync(app.Services, new DateTimeOffset(2025, 12, 30, 8, 0, 0, TimeSpan.Zero), count: 3, starting: 2);
        var analyst = await app.AnalystAsync();
        var scope = $"program:{SyntheticCohort.Guided}";

        // The attacker's periods: every start from 2025-12-22 to 2026-01-12 (so 13 weeks and 12 weeks, and the days
        // between), ending with the synthetic period, with the week of the three, and with whole months; weekly and
        // monthly trend buckets of each.
        var starts = Enumerable.Range(0, 22).Select(i => new DateOnly(2025, 12, 22).AddDays(i)).ToList();
        DateOnly[] ends = [new(2026, 1, 4), new(2026, 1, 31), End];
        var enrolled = new Knowledge();
        var started = new Dictionary<DateOnly, Knowledge>();
        foreach (var (from, to) in starts.SelectMany(s => ends.Where(e => e >= s).Select(e => (s, e))))
        {
            foreach (var bucket in new[] { "week", "month" })
            {
                var r = await analyst.ReportAsync(scope, bucket, from, to);
                enrolled.Learn(from, to.AddDays(1), r[Enrolled]);
                foreach (var (point, next) in r.Trend.Zip(r.Trend.Skip(1).Select(p => p.Start).Append(to.AddDays(1))))
                {
                    enrolled.Learn(point.Start, next, point.NewEnrollments);
                }
                // Started is counted as of the period's end: only periods sharing an end can be subtracted exactly.
                var sameEnd = started.TryGetValue(to, out var known) ? known : started[to] = new Knowledge();
                sameEnd.Learn(from, to.AddDays(1), r[Started]);
            }
        }

        enrolled.AssertNothingSmall("enrolled");
        foreach (var (to, knowledge) in started)
        {
            knowledge.AssertNothingSmall($"started by {to}");
        }
        // The naive attack in particular: 13 weeks minus 12 weeks. The three and the next week's ten form one block, so
        // a period may start before both (and show 123) but not between them.
        var thirteen = await analyst.ReportAsync(scope, "week", new DateOnly(2025, 12, 29), End);
        var twelve = await analyst.ReportAsync(scope, "week", SyntheticCohort.From, End);
        Assert.Equal(123, thirteen[Enrolled].Value);
        Assert.True(twelve[Enrolled].Suppressed);
    }

    [Fact]
    public async Task Distinct_patients_of_an_organisation_do_not_reveal_the_few_in_two_of_its_programs()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await SyntheticCohort.SeedAsync(app.Services);
        // A second program in the guided program's organisation: 10 patients, 2 of whom are also guided patients.
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(id: "andre"), 1);
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<DeliveryDbContext>();
            for (var i = 0; i < 10; i++)
            {
                db.Enrollments.Add(new ProgramEnrollment
                {
                    ProgramId = "andre", PatientId = i < 2 ? $"patient-a-{i}" : $"andre-{i}", CreatedBy = "t",
                    CreatedAt = new DateTimeOffset(2026, 2, 3, 8, 0, 0, TimeSpan.Zero),
                });
            }
            await db.SaveChangesAsync();
        }
        var analyst = await app.AnalystAsync();

        var guided = await analyst.ReportAsync($"program:{SyntheticCohort.Guided}");
        var other = await analyst.ReportAsync("program:andre");
        var organisation = await analyst.ReportAsync($"org:{SyntheticCohort.GuidedOrganisation}");
        Assert.Equal(120, guided[UniquePatients].Value);
        Assert.Equal(10, other[UniquePatients].Value);
        // 120 + 10 − 128 would be the 2 patients in both programs: the organisation's distinct count is hidden.
        Assert.True(organisation[UniquePatients].Suppressed);
        Assert.Equal(130, organisation[Enrolled].Value); // enrollments add up, so they are shown
    }

    private static async Task AddAsync(IServiceProvider services, DateTimeOffset at, int count, int starting)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        for (var i = 0; i < count; i++)
        {
            var e = new ProgramEnrollment { ProgramId = SyntheticCohort.Guided, PatientId = $"extra-{i}", CreatedBy = "t", CreatedAt = at };
            db.Enrollments.Add(e);
            if (i < starting)
            {
                var opened = at.AddDays(1);
                db.ModuleProgress.Add(new ModuleProgress { EnrollmentId = e.Id, ModuleId = SamplePrograms.ModuleId(1), StartedAt = opened });
                db.ProgressEvents.Add(new ProgressEvent { EnrollmentId = e.Id, Verb = ProgressVerbs.Viewed, ModuleId = SamplePrograms.ModuleId(1), Release = 1, At = opened });
            }
        }
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// What shown counts reveal: each is running total(end) − running total(start). Days linked by any chain of shown
    /// counts have a known difference (union-find with offsets); those differences are what subtraction can produce.
    /// </summary>
    private sealed class Knowledge
    {
        private readonly Dictionary<DateOnly, (DateOnly Root, int Offset)> _parent = [];

        public void Learn(DateOnly from, DateOnly end, Cell cell)
        {
            if (cell.Suppressed || cell.Value is not { } value)
            {
                return;
            }
            var (rootFrom, offsetFrom) = Find(from);
            var (rootEnd, offsetEnd) = Find(end);
            if (rootFrom == rootEnd)
            {
                Assert.Equal(offsetEnd - offsetFrom, (int)value); // consistent with everything shown before
                return;
            }
            // total(end) = total(from) + value
            _parent[rootEnd] = (rootFrom, offsetFrom + (int)value - offsetEnd);
        }

        public void AssertNothingSmall(string what)
        {
            var days = _parent.Keys.ToList();
            foreach (var group in days.Select(d => (Day: d, Found: Find(d))).GroupBy(x => x.Found.Root))
            {
                var offsets = group.OrderBy(x => x.Day).Select(x => (x.Day, x.Found.Offset)).ToList();
                foreach (var (a, b) in offsets.SelectMany((a, i) => offsets.Skip(i + 1).Select(b => (a, b))))
                {
                    var difference = b.Offset - a.Offset;
                    Assert.False(SmallCells.IsSmall(Math.Abs(difference), K), $"{what}: [{a.Day}, {b.Day}) is derivable as {difference}");
                }
            }
        }

        private (DateOnly Root, int Offset) Find(DateOnly day)
        {
            if (!_parent.TryGetValue(day, out var entry))
            {
                _parent[day] = (day, 0);
                return (day, 0);
            }
            if (entry.Root == day)
            {
                return entry;
            }
            var (root, offset) = Find(entry.Root);
            _parent[day] = (root, entry.Offset + offset);
            return _parent[day];
        }
    }
}
