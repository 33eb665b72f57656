using System.Diagnostics;
using System.Text.Json;
using ContentPlatform.Cms.ContentFiles;
using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Analytics;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Shared.Contract;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Benchmarks;

/// <summary>
/// Indicator computation over N synthetic patients (the demo generator, half a year of activity) in the demo programs:
/// the first request (which folds the whole event log into the day aggregate) and warm requests, per scope.
/// </summary>
public static class AnalyticsTimings
{
    public static async Task<int> RunAsync(string dataDir, int patients, string contentDir, string? postgres)
    {
        Directory.CreateDirectory(dataDir);
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_CONTENTPLATFORM_DELIVERY", Path.GetFullPath(Path.Combine("src", "Delivery")));
        await using var app = new DeliveryHost(dataDir, postgres);
        var services = app.Services;
        var store = services.GetRequiredService<ReleaseStore>();
        var folder = ContentFolderReader.Read(contentDir);
        var now = DateTimeOffset.UtcNow;
        var seed = Stopwatch.StartNew();
        foreach (var program in folder.Programs)
        {
            var content = program.Content;
            await store.SaveAsync(JsonSerializer.Serialize(new ProgramRelease
            {
                ProgramId = content.Id, Number = 1, PublishedAt = now, PublishedBy = "bench", ContentHash = ProgramRelease.HashOf(content), Content = content,
            }, ContractJson.Options), content.Slug);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
            await DemoActivity.SeedAsync(db, (await store.LatestAsync(content.Id))!, now, patients / folder.Programs.Count);
        }
        seed.Stop();
        long events;
        await using (var scope = services.CreateAsyncScope())
        {
            events = await scope.ServiceProvider.GetRequiredService<DeliveryDbContext>().ProgressEvents.LongCountAsync();
        }
        Console.WriteLine($"{(postgres is null ? "SQLite" : "PostgreSQL")}: {patients} patients, {events} progress events, seeded in {seed.Elapsed.TotalSeconds:F0} s");

        var catalogue = services.GetRequiredService<AnalyticsCatalogue>();
        var programs = await catalogue.ProgramsAsync(CancellationToken.None);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (var (key, preset) in new[] { ("program:uro", "13w"), ("program:uro", "52w"), ("all", "52w"), ("all", "all") })
        {
            var choice = PeriodChoice.Parse(preset, null, null, null, today)!;
            var times = new List<double>();
            for (var round = 0; round < 6; round++)
            {
                await using var scope = services.CreateAsyncScope();
                var query = scope.ServiceProvider.GetRequiredService<IndicatorQuery>();
                var sw = Stopwatch.StartNew();
                await query.ComputeAsync(AnalyticsCatalogue.Resolve(key, programs)!, programs, choice.Period, choice.Bucket, CancellationToken.None);
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
            var warm = times.Skip(1).Order().ToList();
            Console.WriteLine($"  {key,-12} {preset,-4} first {times[0],7:F0} ms   warm median {warm[warm.Count / 2],6:F0} ms   warm max {warm[^1],6:F0} ms");
        }
        return 0;
    }

    private sealed class DeliveryHost(string dataDir, string? postgres) : WebApplicationFactory<DeliveryApp>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Storage:DataPath", dataDir);
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            if (postgres is not null)
            {
                builder.UseSetting("Database:Provider", "Postgres");
                builder.UseSetting("Database:ConnectionString", postgres);
            }
        }
    }
}
