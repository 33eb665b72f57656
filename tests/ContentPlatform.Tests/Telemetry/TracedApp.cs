using System.Diagnostics;
using ContentPlatform.Cms;
using ContentPlatform.Delivery;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ContentPlatform.Tests.Telemetry;

/// <summary>A Delivery app with telemetry collected into memory.</summary>
internal sealed class TracedDelivery(TestDatabase database) : TracedApp<DeliveryApp>(database)
{
    public static async Task<TracedDelivery> CreateAsync(Db db) => new(await TestDatabase.CreateAsync(db, "delivery"));
}

/// <summary>A Cms app with telemetry collected into memory.</summary>
internal sealed class TracedCms(TestDatabase database, IDictionary<string, string?> settings) : TracedApp<CmsApp>(database, settings)
{
    public static async Task<TracedCms> CreateAsync(Db db, IDictionary<string, string?> settings) => new(await TestDatabase.CreateAsync(db, "cms"), settings);
}

/// <summary>
/// An app with telemetry collected into memory (Telemetry:Enabled, no collector). Listeners are process-wide, so the
/// tests using it run alone (<see cref="TelemetryRunsAlone"/>): no other test's spans arrive in between.
/// </summary>
internal class TracedApp<TEntry>(TestDatabase database, IDictionary<string, string?>? settings = null)
    : AppFactory<TEntry>(database, new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Telemetry:Enabled"] = "true" })
    where TEntry : class
{
    private readonly List<Activity> _spans = [];
    private readonly List<MetricSnapshot> _metrics = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s
            .ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans))
            .ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(_metrics)));
    }

    /// <summary>The ended spans so far (a copy: the exporter adds to the list from the request threads).</summary>
    public List<Activity> Spans()
    {
        lock (_spans)
        {
            return [.. _spans];
        }
    }

    /// <summary>Waits until the ended spans satisfy <paramref name="seen"/> (a server span ends just after its response is sent).</summary>
    public async Task<List<Activity>> SpansWhenAsync(Func<List<Activity>, bool> seen)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var spans = Spans();
            if (seen(spans))
            {
                return spans;
            }
            Assert.True(DateTime.UtcNow < deadline, "the expected spans did not arrive; ended: " + string.Join(", ", spans.Select(s => s.DisplayName)));
            await Task.Delay(20);
        }
    }

    /// <summary>Every metric point recorded so far.</summary>
    public List<MetricSnapshot> Metrics()
    {
        Services.GetRequiredService<MeterProvider>().ForceFlush();
        return [.. _metrics];
    }
}

/// <summary>Telemetry tests run alone: activity and meter listeners hear every app in the process.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryRunsAlone
{
    public const string Name = "Telemetry";
}

internal static class SpanTree
{
    /// <summary>True when <paramref name="span"/> is <paramref name="ancestor"/> or lies beneath it in the same trace.</summary>
    public static bool Under(this Activity span, Activity ancestor, IReadOnlyCollection<Activity> all)
    {
        for (var current = span; current is not null; current = all.FirstOrDefault(a => a.SpanId == current.ParentSpanId && a.TraceId == current.TraceId))
        {
            if (current.SpanId == ancestor.SpanId && current.TraceId == ancestor.TraceId)
            {
                return true;
            }
        }
        return false;
    }

    public static bool IsDatabase(this Activity span) => span.Source.Name == ContentPlatform.Platform.Hosting.DatabaseTelemetry.SourceName;
}
