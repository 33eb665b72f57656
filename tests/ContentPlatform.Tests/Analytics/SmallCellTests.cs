using ContentPlatform.Delivery.Analytics;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static ContentPlatform.Delivery.Analytics.Indicators;

namespace ContentPlatform.Tests.Analytics;

/// <summary>Small cells are never shown, and no shown numbers give one back by subtraction.</summary>
public sealed class SmallCellTests
{
    [Fact]
    public void A_small_part_of_a_partition_takes_the_next_smallest_with_it()
    {
        var (total, parts) = SmallCells.Partition(40, [3, 30, 7], k: 5);
        Assert.Equal(40, total.Value);
        // 3 is small; hiding only it would leave 40 − 30 − 7 = 3, so 7 goes too (hidden sum 10 ≥ k).
        Assert.Equal([true, false, true], parts.Select(p => p.Suppressed));
    }

    [Fact]
    public void Hidden_parts_that_together_are_still_small_take_a_third_with_them()
    {
        var (_, parts) = SmallCells.Partition(50, [1, 2, 40, 7], k: 5);
        // 1 + 2 = 3 < k would still be a small group; the smallest shown part (7) is added.
        Assert.Equal([true, true, false, true], parts.Select(p => p.Suppressed));
    }

    [Fact]
    public void A_funnel_step_is_hidden_when_its_difference_to_the_last_shown_step_is_small()
    {
        var cells = SmallCells.Chain([120, 110, 108, 90, 87, 60], k: 5);
        // 110 − 108 = 2 hides 108; 108 would be compared with 110 again for the next: 110 − 90 = 20 shows 90;
        // 90 − 87 = 3 hides 87; 90 − 60 = 30 shows 60.
        Assert.Equal([false, false, true, false, true, false], cells.Select(c => c.Suppressed));
    }

    [Fact]
    public void Zero_is_shown_and_a_statistic_over_fewer_than_k_patients_is_not()
    {
        Assert.Equal(0, SmallCells.Count(0, 5).Value);
        Assert.True(SmallCells.Count(4, 5).Suppressed);
        Assert.True(SmallCells.Statistic(12.5, 4, 5).Suppressed);
        Assert.Equal(12.5, SmallCells.Statistic(12.5, 5, 5).Value);
    }

    [Fact]
    public async Task With_a_large_k_no_shown_number_reveals_a_group_smaller_than_k()
    {
        const int k = 25;
        await using var app = await Apps.DeliveryAsync(Db.Sqlite, new Dictionary<string, string?> { ["Analytics:MinCellSize"] = $"{k}" });
        await SyntheticCohort.SeedAsync(app.Services);
        var analyst = await app.AnalystAsync();

        foreach (var scope in new[] { $"program:{SyntheticCohort.Guided}", $"program:{SyntheticCohort.Course}", "all" })
        {
            var r = await analyst.ReportAsync(scope);
            Assert.Equal(k, r.K);
            var counts = new[] { Enrolled, UniquePatients, Started, Active7, Active30, Completed, Dropout, InProgress }.Select(key => r[key])
                .Concat(r.Funnel.SelectMany(f => new[] { f.Reached, f.Completed }))
                .Concat(r.Trend.SelectMany(p => new[] { p.NewEnrollments, p.ActivePatients, p.ModulesCompleted }))
                .Concat(r.Scores.SelectMany(s => s.Distribution.Append(s.Patients).Append(s.FromRedOrYellow).Append(s.ToGreen)));
            Assert.All(counts, c => Assert.False(c is { Suppressed: false, Value: > 0 and < k }, $"{scope}: a shown count under k"));

            // started = completed + dropout + in progress: whatever is hidden is 0 or at least k together, and never one cell alone.
            if (!r[Started].Suppressed)
            {
                AssertNoSmallRemainder(scope, r[Started], [r[Completed], r[Dropout], r[InProgress]], k);
            }
            AssertNoSmallRemainder(scope, r[Enrolled], r.Trend.Select(p => p.NewEnrollments).ToList(), k);
            foreach (var s in r.Scores)
            {
                AssertNoSmallRemainder(scope, s.Patients, s.Distribution, k);
            }
            // Funnel: no two shown steps differ by 1…k−1.
            var shown = new[] { r[Enrolled], r[Started] }.Concat(r.Funnel.Select(f => f.Reached)).Append(r[Completed])
                .Where(c => !c.Suppressed).Select(c => c.Value!.Value).ToList();
            Assert.All(shown.Zip(shown.Skip(1)), pair => Assert.False(Math.Abs(pair.First - pair.Second) > 0 && Math.Abs(pair.First - pair.Second) < k, $"{scope}: steps {pair}"));
        }

        // The guided funnel 120 → 110 → 110 → 90 → 65 → 60 with k = 25: started (−10) and module 1 (−10 from 120) hide,
        // 90 and 65 show, and completed (65 − 60 = 5) hides; so completed, dropout and in progress all go.
        var guided = await analyst.ReportAsync($"program:{SyntheticCohort.Guided}");
        Assert.Equal(120, guided[Enrolled].Value);
        Assert.True(guided[Started].Suppressed);
        Assert.Equal([true, false, false], guided.Funnel.Select(f => f.Reached.Suppressed));
        Assert.True(guided[Completed].Suppressed && guided[CompletionRate].Suppressed);
    }

    [Fact]
    public async Task A_program_count_hidden_on_its_page_cannot_be_recovered_from_the_organisation_total()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await SyntheticCohort.SeedAsync(app.Services);
        // A third program in the guided program's organisation with only 3 patients.
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(id: "liten"), 1);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContentPlatform.Delivery.Data.DeliveryDbContext>();
            for (var i = 0; i < 3; i++)
            {
                db.Enrollments.Add(new ContentPlatform.Delivery.Enrollment.ProgramEnrollment
                {
                    ProgramId = "liten", PatientId = $"liten-{i}", CreatedBy = "t", CreatedAt = new DateTimeOffset(2026, 2, 3, 8, 0, 0, TimeSpan.Zero),
                });
            }
            await db.SaveChangesAsync();
        }
        var analyst = await app.AnalystAsync();

        var organisation = await analyst.ReportAsync($"org:{SyntheticCohort.GuidedOrganisation}");
        var small = await analyst.ReportAsync("program:liten");
        var guided = await analyst.ReportAsync($"program:{SyntheticCohort.Guided}");
        Assert.Equal(123, organisation[Enrolled].Value);
        Assert.True(small[Enrolled].Suppressed);
        // 123 − 120 would give the small program's 3: so the guided program's enrolled is hidden as well.
        Assert.True(guided[Enrolled].Suppressed);
        Assert.Equal(110, guided[Started].Value); // 0 of the small program started: nothing to protect there
    }

    private static void AssertNoSmallRemainder(string scope, Cell total, IReadOnlyList<Cell> parts, int k)
    {
        if (total.Suppressed || total.Value is null)
        {
            return;
        }
        var hidden = parts.Count(p => p.Suppressed);
        var remainder = total.Value.Value - parts.Where(p => !p.Suppressed).Sum(p => p.Value ?? 0);
        Assert.False(hidden == 1, $"{scope}: exactly one hidden part equals total − the others");
        Assert.False(remainder > 0 && remainder < k, $"{scope}: total − shown parts = {remainder} < k");
    }
}
