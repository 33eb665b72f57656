using System.Net;
using System.Text.Json;
using ContentPlatform.Delivery.Analytics;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Analytics;

/// <summary>
/// The start-up warm-up (<see cref="AnalyticsWarmUp"/>): it never holds up or fails start-up, and what it caches is the
/// report a page would compute.
/// </summary>
public sealed class WarmUpTests
{
    private static readonly Dictionary<string, string?> On = new() { ["Analytics:WarmUp"] = "true" };

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_warm_up_on_an_empty_database_finds_nothing_to_do_and_the_app_stays_healthy(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db, On);
        using var client = app.CreateClient();
        var warmUp = app.Services.GetRequiredService<AnalyticsWarmUp>();

        Assert.Equal("no programs", await OutcomeAsync(warmUp));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_warm_up_catches_up_and_caches_the_landing_page_exactly_as_a_page_computes_it(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db, On);
        var warmUp = app.Services.GetRequiredService<AnalyticsWarmUp>();
        await OutcomeAsync(warmUp); // the run at start-up, on the empty database
        await SyntheticCohort.SeedAsync(app.Services);

        Assert.Equal("caught up, landing page cached", await warmUp.RunAsync(CancellationToken.None));

        var programs = await app.Services.GetRequiredService<AnalyticsCatalogue>().ProgramsAsync(CancellationToken.None);
        var choice = PeriodChoice.Parse(null, null, null, null, DateOnly.FromDateTime(DateTime.UtcNow))!;
        var scope = AnalyticsCatalogue.Resolve("all", programs)!;
        var cache = (MemoryCache)app.Services.GetRequiredService<IMemoryCache>();
        Assert.Equal(1, cache.Count);
        await using var s = app.Services.CreateAsyncScope();
        var query = s.ServiceProvider.GetRequiredService<IndicatorQuery>();
        var cached = await query.ComputeAsync(scope, programs, choice.Period, choice.Bucket, CancellationToken.None);
        Assert.Equal(1, cache.Count); // served from what the warm-up cached: nothing changed since
        Assert.Equal(JsonSerializer.Serialize(await query.ComputeUncachedAsync(scope, programs, choice.Period, choice.Bucket, CancellationToken.None)),
            JsonSerializer.Serialize(cached));
    }

    [Fact]
    public async Task The_warm_up_can_be_turned_off()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        using var client = app.CreateClient();

        Assert.Equal("off", await OutcomeAsync(app.Services.GetRequiredService<AnalyticsWarmUp>()));
    }

    /// <summary>Waits (up to a minute) for the warm-up started with the app to finish.</summary>
    private static async Task<string> OutcomeAsync(AnalyticsWarmUp warmUp)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (warmUp.Outcome is null)
        {
            await Task.Delay(20, timeout.Token);
        }
        return warmUp.Outcome;
    }
}
