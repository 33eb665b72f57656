using ContentPlatform.Delivery.Identity;
using ContentPlatform.Platform.Hosting;

namespace ContentPlatform.Delivery.Analytics;

public static class AnalyticsSetup
{
    /// <summary>Indicators, baselines and research exports for analysts (options checked at start-up). The pages carry [Authorize(Analyst)].</summary>
    public static WebApplicationBuilder AddAnalytics(this WebApplicationBuilder builder)
    {
        builder.Services.AddAnalyticsOptions();
        builder.Services.AddSingleton<ActivityAggregator>();
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<AnalyticsCatalogue>();
        builder.Services.AddScoped<IndicatorQuery>();
        builder.Services.AddScoped<ResearchExport>();
        builder.Services.AddSingleton<AnalyticsWarmUp>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AnalyticsWarmUp>());
        return builder;
    }

    public static IServiceCollection AddAnalyticsOptions(this IServiceCollection services)
    {
        services.AddStartupOptions<AnalyticsOptions>(AnalyticsOptions.Section, AnalyticsOptions.Check)
            .PostConfigure<IHostEnvironment>(AnalyticsOptions.DevelopmentDefaults);
        return services;
    }

    /// <summary>
    /// GET /api/analytics/indicators(.csv)?scope=&amp;period=&amp;from=&amp;to=&amp;bucket=: the protected report as JSON or
    /// CSV. Analysts only; aggregates only (no route here takes a patient or enrollment id).
    /// </summary>
    public static RouteGroupBuilder MapAnalytics(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/analytics").RequireAuthorization(DeliveryRoles.Analyst).WithTags("Analytics");
        api.MapGet("/indicators", async (HttpContext http, AnalyticsCatalogue catalogue, IndicatorQuery query, TimeProvider clock, CancellationToken ct) =>
            await ReportAsync(http, catalogue, query, clock, ct) is { } report ? Results.Ok(report) : NotFound());
        api.MapGet("/indicators.csv", async (HttpContext http, AnalyticsCatalogue catalogue, IndicatorQuery query, TimeProvider clock, CancellationToken ct) =>
            await ReportAsync(http, catalogue, query, clock, ct) is { } report
                ? Results.File(IndicatorCsv.Write(report), "text/csv; charset=utf-8",
                    $"indicators-{report.Scope.Replace(':', '-')}-{report.From:yyyyMMdd}-{report.To.AddDays(-1):yyyyMMdd}.csv")
                : NotFound());
        return api;
    }

    private static IResult NotFound() => Results.Problem("Unknown scope or period.", statusCode: StatusCodes.Status404NotFound);

    private static async Task<IndicatorReport?> ReportAsync(HttpContext http, AnalyticsCatalogue catalogue, IndicatorQuery query,
        TimeProvider clock, CancellationToken ct)
    {
        var q = http.Request.Query;
        var programs = await catalogue.ProgramsAsync(ct);
        var scope = AnalyticsCatalogue.Resolve(q["scope"], programs);
        var choice = PeriodChoice.Parse(q["period"], q["from"], q["to"], q["bucket"], DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        return scope is null || choice is null ? null : await query.ComputeAsync(scope, programs, choice.Period, choice.Bucket, ct);
    }
}
