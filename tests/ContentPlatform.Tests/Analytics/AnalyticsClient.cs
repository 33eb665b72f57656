using System.Net.Http.Json;
using System.Text.Json;
using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Analytics;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.Analytics;

/// <summary>Steps the analytics tests share: an analyst signed in, and the report for a scope over the synthetic period.</summary>
public static class AnalyticsClient
{
    public const string AnalystEmail = "analyst@example.no";

    /// <summary>
    /// An analyst signed in through the real login form. Staff sign-in goes through <see cref="DeliveryKit.SignedInClientAsync"/>
    /// only, so when staff get a second factor the change is made there.
    /// </summary>
    public static async Task<HttpClient> AnalystAsync(this AppFactory<DeliveryApp> app)
    {
        await app.Services.CreateUserAsync(AnalystEmail, "Ada Analytiker", DeliveryRoles.Analyst);
        return await app.SignedInClientAsync(AnalystEmail);
    }

    public const string ResearcherEmail = "researcher@example.no";

    /// <summary>A researcher: the analyst role (indicators) and the researcher role (pseudonymised exports).</summary>
    public static async Task<HttpClient> ResearcherAsync(this AppFactory<DeliveryApp> app)
    {
        await app.Services.CreateUserAsync(ResearcherEmail, "Rune Forskar", DeliveryRoles.Analyst, DeliveryRoles.Researcher);
        return await app.SignedInClientAsync(ResearcherEmail);
    }

    public static async Task<IndicatorReport> ReportAsync(this HttpClient analyst, string scope, string bucket = "week",
        DateOnly? from = null, DateOnly? to = null)
    {
        var url = $"/api/analytics/indicators?scope={Uri.EscapeDataString(scope)}&period=custom" +
                  $"&from={from ?? SyntheticCohort.From:yyyy-MM-dd}&to={to ?? SyntheticCohort.To:yyyy-MM-dd}&bucket={bucket}";
        var response = await analyst.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<IndicatorReport>(new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;
    }
}
