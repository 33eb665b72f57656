using System.Net;
using System.Text.Json;
using ContentPlatform.Delivery.Analytics;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Analytics;

/// <summary>A baseline freezes the indicators as shown; later data does not change it, and the page compares with it.</summary>
public sealed class BaselineTests
{
    [Fact]
    public async Task A_frozen_baseline_keeps_its_values_when_data_changes_and_the_page_shows_the_change()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await SyntheticCohort.SeedAsync(app.Services);
        var analyst = await app.AnalystAsync();
        var scope = $"program:{SyntheticCohort.Guided}";
        var period = new (string, string)[] { ("scope", scope), ("period", "custom"), ("from", $"{SyntheticCohort.From:yyyy-MM-dd}"), ("to", $"{SyntheticCohort.To:yyyy-MM-dd}") };

        var token = await analyst.AntiforgeryTokenAsync("/analytics/baselines");
        var created = await analyst.PostFormAsync("/analytics/baselines", [("name", "Baseline 2026 Q1"), .. period, ("__RequestVerificationToken", token)]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = long.Parse(created.Headers.Location!.OriginalString.Split("baseline=")[1], System.Globalization.CultureInfo.InvariantCulture);

        // Ten more enrollments in the same period after the baseline was frozen.
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<DeliveryDbContext>();
            for (var i = 0; i < 10; i++)
            {
                db.Enrollments.Add(new ProgramEnrollment
                {
                    ProgramId = SyntheticCohort.Guided, PatientId = $"late-{i}", CreatedBy = "t", CreatedAt = new DateTimeOffset(2026, 2, 3, 8, 0, 0, TimeSpan.Zero),
                });
            }
            await db.SaveChangesAsync();
            var frozen = JsonSerializer.Deserialize<IndicatorReport>((await db.Baselines.SingleAsync(b => b.Id == id)).ReportJson, BaselineJson.Options)!;
            Assert.Equal(120, frozen[Indicators.Enrolled].Value);
        }

        var html = await analyst.GetStringAsync($"/analytics?scope={Uri.EscapeDataString(scope)}&period=custom&from={SyntheticCohort.From:yyyy-MM-dd}&to={SyntheticCohort.To:yyyy-MM-dd}&baseline={id}");
        Assert.Contains("Baseline 2026 Q1", html, StringComparison.Ordinal);
        // Enrolled: now 130 (n 130), baseline 120, change +10.
        var compact = System.Net.WebUtility.HtmlDecode(string.Concat(html.Where(c => !char.IsWhiteSpace(c))));
        Assert.Contains("<td>130</td><td>130</td><td>120</td><td>+10</td>", compact, StringComparison.Ordinal);
    }
}
