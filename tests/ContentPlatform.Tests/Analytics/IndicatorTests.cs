using ContentPlatform.Delivery.Analytics;
using ContentPlatform.Tests.Infrastructure;
using static ContentPlatform.Delivery.Analytics.Indicators;

namespace ContentPlatform.Tests.Analytics;

/// <summary>
/// Every indicator over <see cref="SyntheticCohort"/> equals the value worked out by hand from its script (k = 5, so no
/// cell of this data is small). Period end 2026-03-30; dropout means no activity on or after 2026-02-28.
/// </summary>
public sealed class IndicatorTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Every_indicator_of_the_guided_program_equals_its_hand_computed_value(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await SyntheticCohort.SeedAsync(app.Services);
        var analyst = await app.AnalystAsync();

        var r = await analyst.ReportAsync($"program:{SyntheticCohort.Guided}");

        Assert.Equal(120, Value(r, Enrolled));
        Assert.Equal(120, Value(r, UniquePatients));
        Assert.Equal(110, Value(r, Started));
        // Funnel: reached module 1/2/3 = 110 / 90 (30–119) / 65 (55–119); completed = 90 / 65 / 60.
        Assert.Equal([110, 90, 65], r.Funnel.Select(f => f.Reached.Value!.Value));
        Assert.Equal([90, 65, 60], r.Funnel.Select(f => f.Completed.Value!.Value));
        Assert.Equal(60, Value(r, Completed));
        // Dropout (last activity before 02-28): enrolled in weeks 0–7 and unfinished. Ones stopping in module 1 (10–29):
        // 14; in module 2 (30–54): 17; in module 3 (55–59): only i = 55 (week 7, last active Friday 02-27) = 1. Total 32.
        Assert.Equal(32, Value(r, Dropout));
        Assert.Equal(18, Value(r, InProgress));
        Assert.Equal(54.5, Value(r, CompletionRate)); // 60 / 110
        Assert.Equal(29.1, Value(r, DropoutRate));    // 32 / 110
        // Active in the last 7 days (03-23…03-29): the started patients of week 11 = 10. Last 30 days (02-28…): the
        // started patients of weeks 8–11 (40 less i = 8, 9 who never started) + the completers of week 7 (active Saturday 02-28) = 43.
        Assert.Equal(10, Value(r, Active7));
        Assert.Equal(43, Value(r, Active30));
        // Median days per module: module 1 all 1.0; module 2: 5 × 1.0 and 60 × 1.5; module 3: 60 × 0.5.
        Assert.Equal([1.0, 1.5, 0.5], r.ModuleTimes.Select(t => t.MedianDays.Value!.Value));

        var score = Assert.Single(r.Scores);
        Assert.Equal(SyntheticCohort.Questionnaire, score.QuestionnaireId);
        Assert.Equal(90, score.Patients.Value); // 30–119 measured twice
        Assert.Equal(0.0, score.MeanChange.Value);
        Assert.Equal([18, 18, 18, 18, 18], score.Distribution.Select(c => c.Value!.Value)); // i mod 5 evenly over 90
        Assert.Equal(60, score.FromRedOrYellow.Value);     // i mod 3 ∈ {0, 1}
        Assert.Equal(30, score.ToGreen.Value);             // … and even: i mod 6 ∈ {0, 4}
        Assert.Equal(50.0, score.ShareToGreen.Value);

        // Waits: 90 × 3 h (the double message is one wait) and (i mod 4 + 1) × 6 h: 22 × 6, 22 × 12, 23 × 18, 23 × 24.
        // Median of 180 = mean of the 90th (3) and 91st (6) = 4.5; 90th percentile = the 162nd = 24.
        Assert.Equal(4.5, Value(r, ResponseMedian));
        Assert.Equal(24.0, Value(r, ResponseP90));
        Assert.Equal(0.34, Value(r, MessagesPerPatientWeek)); // 450 messages / 110 started / 12 weeks
        Assert.Equal(40.0, Value(r, MinutesPerPatient));       // 60 patients × (15 + 25)
        Assert.Equal(3.3, Value(r, MinutesPerPatientWeek));    // 40 / 12

        // Weekly trend: 10 new per week; active = started that week (one never-starter in each of weeks 0–9);
        // modules completed: 17 in weeks 0–5, 18 in week 6, 19 in weeks 7–11 (215 in all).
        Assert.Equal(12, r.Trend.Count);
        Assert.All(r.Trend, p => Assert.Equal(10, p.NewEnrollments.Value));
        Assert.Equal([9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 10, 10], r.Trend.Select(p => p.ActivePatients.Value!.Value));
        Assert.Equal([17, 17, 17, 17, 17, 17, 18, 19, 19, 19, 19, 19], r.Trend.Select(p => p.ModulesCompleted.Value!.Value));
        Assert.DoesNotContain(r.Summary.Values.Concat(r.Trend.SelectMany(p => new[] { p.NewEnrollments, p.ActivePatients, p.ModulesCompleted })), c => c.Suppressed);
    }

    [Fact]
    public async Task The_page_for_all_time_starts_its_trend_at_the_first_month_with_activity_not_in_2020()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await SyntheticCohort.SeedAsync(app.Services);
        var analyst = await app.AnalystAsync();

        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(
            await analyst.GetStringAsync($"/analytics?scope=program:{SyntheticCohort.Guided}&period=all&bucket=month"));

        // The synthetic cohort starts on 2026-01-05: the table opens with January 2026, not with six years of zeros.
        var rows = page.QuerySelectorAll("#trend-table-caption ~ tbody th[scope=row]").Select(th => th.TextContent.Trim()).ToList();
        Assert.Equal("januar 2026", rows.First());
    }

    [Fact]
    public async Task The_course_the_organisations_and_the_whole_platform_add_up_by_hand()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await SyntheticCohort.SeedAsync(app.Services);
        var analyst = await app.AnalystAsync();

        var course = await analyst.ReportAsync($"org:{SyntheticCohort.CourseOrganisation}");
        Assert.Equal(80, Value(course, Enrolled));
        Assert.Equal(60, Value(course, Started));      // i mod 4 ≠ 0
        Assert.Equal(40, Value(course, Completed));    // i mod 4 ∈ {2, 3}
        Assert.Equal(20, Value(course, Dropout));      // i mod 4 = 1, all last active by 02-26
        Assert.Equal(0, Value(course, InProgress));
        Assert.Equal(0, Value(course, Active7));
        Assert.Equal(0, Value(course, Active30));
        Assert.Empty(course.Funnel); // an organisation mixes programs with different modules: the funnel is per program

        var program = await analyst.ReportAsync($"program:{SyntheticCohort.Course}");
        Assert.Equal([60, 40], program.Funnel.Select(f => f.Reached.Value!.Value));
        Assert.Equal([40, 40], program.Funnel.Select(f => f.Completed.Value!.Value));

        var all = await analyst.ReportAsync("all");
        Assert.Equal(200, Value(all, Enrolled));
        Assert.Equal(180, Value(all, UniquePatients)); // course patients 0–19 are guided patients 60–79
        Assert.Equal(170, Value(all, Started));
        Assert.Equal(100, Value(all, Completed));
        Assert.Equal(52, Value(all, Dropout));
        Assert.Equal(18, Value(all, InProgress));
        Assert.Equal(58.8, Value(all, CompletionRate)); // 100 / 170
        Assert.Equal(0.22, Value(all, MessagesPerPatientWeek)); // 450 / 170 / 12
        // Weeks 0–7 have 10 course enrollments on top of the guided program's 10.
        Assert.Equal([20, 20, 20, 20, 20, 20, 20, 20, 10, 10, 10, 10], all.Trend.Select(p => p.NewEnrollments.Value!.Value));

        var monthly = await analyst.ReportAsync($"program:{SyntheticCohort.Guided}", bucket: "month");
        // January: weeks 0–3 (40), February: weeks 4–7 (40), March: weeks 8–11 (40).
        Assert.Equal([new DateOnly(2026, 1, 5), new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 1)], monthly.Trend.Select(p => p.Start));
        Assert.Equal([40, 40, 40], monthly.Trend.Select(p => p.NewEnrollments.Value!.Value));
    }

    [Fact]
    public async Task A_shorter_period_counts_only_the_patients_enrolled_in_it()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await SyntheticCohort.SeedAsync(app.Services);
        var analyst = await app.AnalystAsync();

        // Weeks 8–11 only: 40 enrolled, 38 started: 2 never started (i = 8, 9), a group under k that "enrolled − started"
        // would reveal, so started is suppressed, and with it everything that would add up to it.
        var r = await analyst.ReportAsync($"program:{SyntheticCohort.Guided}", from: new DateOnly(2026, 3, 2));
        Assert.Equal(40, Value(r, Enrolled));
        Assert.True(r[Started].Suppressed);
        Assert.True(r[Completed].Suppressed && r[Dropout].Suppressed && r[InProgress].Suppressed);
        Assert.Equal(4, r.Trend.Count);
    }

    private static double Value(IndicatorReport r, string key) =>
        r[key] is { Suppressed: false, Value: { } v } ? v : throw new Xunit.Sdk.XunitException($"{key} is suppressed or empty");
}
