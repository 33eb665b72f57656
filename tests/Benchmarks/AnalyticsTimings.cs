using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ContentPlatform.Cms.Transfer.Files;
using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Analytics;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Contract.Releases;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ContentPlatform.Benchmarks;

/// <summary>
/// Indicator pages over N synthetic patients (≈50 progress events each) in the demo programs. Prints, per provider:
/// the bulk load, the one-off catch-up of the aggregates after it, then per page (scope × period) the first computation
/// in this process (cold) and warm computations without the report cache, alternating round by round with the baseline
/// — loading the same scope's raw facts the way the indicator path did before the aggregates (the full read it replaced).
/// One warm computation per page is profiled: the SQL statements by time, and the time outside SQL.
/// </summary>
public static class AnalyticsTimings
{
    private static readonly (string Scope, string Preset)[] Pages =
    [
        ("all", "4w"), ("all", "13w"), ("all", "52w"), ("all", "all"),
        ("org:Helse Fjord", "13w"), ("org:Helse Fjord", "52w"),
        ("program:uro", "4w"), ("program:uro", "13w"), ("program:uro", "52w"),
        ("program:diabetes1", "13w"), ("program:diabetes1", "52w"),
    ];

    public static async Task<int> RunAsync(string dataDir, int patients, string contentDir, string? postgres)
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("ROUNDS"), CultureInfo.InvariantCulture, out var r) ? r : 10;
        var baselineRounds = int.TryParse(Environment.GetEnvironmentVariable("BASELINE_ROUNDS"), CultureInfo.InvariantCulture, out var b) ? b : 3;
        Directory.CreateDirectory(dataDir);
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_CONTENTPLATFORM_DELIVERY", Path.GetFullPath(Path.Combine("src", "Delivery")));
        await using var app = new DeliveryHost(dataDir, postgres);
        var services = app.Services;
        var store = services.GetRequiredService<ReleaseStore>();
        var folder = ContentFolderReader.Read(contentDir);
        var now = DateTimeOffset.UtcNow;
        foreach (var program in folder.Programs)
        {
            var content = program.Content;
            await store.SaveAsync(JsonSerializer.Serialize(new ProgramRelease
            {
                ProgramId = content.Id, Number = 1, PublishedAt = now, PublishedBy = "bench", ContentHash = ProgramRelease.HashOf(content), Content = content,
            }, ContractJson.Options), content.Slug);
        }
        var label = postgres is null ? "SQLite" : "PostgreSQL";
        var seed = Stopwatch.StartNew();
        AnalyticsBulkData.Counts counts;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
            await db.Database.OpenConnectionAsync();
            counts = await AnalyticsBulkData.WriteAsync(db.Database.GetDbConnection(), folder.Programs.Select(p => p.Content).ToList(), patients, now);
        }
        seed.Stop();
        Console.WriteLine($"{label}: {counts.Enrollments:N0} enrollments, {counts.Events:N0} progress events, {counts.Modules:N0} module rows, " +
                          $"{counts.Results:N0} results, {counts.Messages:N0} messages, {counts.TimeEntries:N0} time entries; bulk load {seed.Elapsed.TotalSeconds:F1} s");

        var catalogue = services.GetRequiredService<AnalyticsCatalogue>();
        var programs = await catalogue.ProgramsAsync(CancellationToken.None);
        using var profiler = new SqlProfiler();
        profiler.Start();
        var catchUp = Stopwatch.StartNew();
        await using (var scope = services.CreateAsyncScope())
        {
            await services.GetRequiredService<ActivityAggregator>().CatchUpAsync(scope.ServiceProvider.GetRequiredService<DeliveryDbContext>(), programs, CancellationToken.None);
        }
        var catchUpSql = profiler.Stop();
        Console.WriteLine($"  catch-up of the aggregates after the bulk load (one-off): {catchUp.Elapsed.TotalSeconds:F1} s, {catchUpSql.Count} statements, " +
                          $"SQL {catchUpSql.Sum(s => s.Ms) / 1000:F1} s; slowest: " +
                          string.Join(" | ", catchUpSql.GroupBy(s => Describe(s.Sql)).Select(g => (g.Key, Ms: g.Sum(s => s.Ms), N: g.Count()))
                              .OrderByDescending(g => g.Ms).Take(4).Select(g => $"{g.Ms / 1000:F1} s ×{g.N} {g.Key}")));

        // Whether the catch-up folded every event: on PostgreSQL the aggregator holds back rows dated after now − 30 s,
        // so an event dated later would leave the rest of the log for the pages to fold.
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
            var folded = await db.AnalyticsCursors.AsNoTracking().Where(c => c.Name == ActivityAggregator.CursorName).Select(c => c.LastEventId).FirstOrDefaultAsync();
            Console.WriteLine($"  events folded by the catch-up: {folded:N0} of {await db.ProgressEvents.MaxAsync(e => (long?)e.Id) ?? 0:N0}");
        }
        // The warm-up ran when the host started, on the then empty database: it found no programs, so the first page
        // below is still the first indicator computation in this process (cold).
        Console.WriteLine($"  start-up warm-up: {services.GetRequiredService<AnalyticsWarmUp>().Outcome ?? "not finished"}");
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        Console.WriteLine($"  {"page",-34} {"cold ms",8} {"p50 ms",8} {"p99 ms",8} {"p99.9 ms",8} {"max ms",8}   {"baseline p50",12} {"rows read",10}");
        foreach (var (key, preset) in Pages)
        {
            var choice = PeriodChoice.Parse(preset, null, null, null, today)!;
            var analyticsScope = AnalyticsCatalogue.Resolve(key, programs)!;
            var times = new List<double>();
            var baseline = new List<double>();
            var rowsRead = 0;
            // The cold computation is profiled too: its statements, and on PostgreSQL the server's own block reads, so
            // the first page's time can be split into .NET (outside SQL) and the database.
            var server = postgres is null ? null : await PostgresStateAsync(services);
            profiler.Start();
            times.Add(await TimeAsync(services, q => q.ComputeUncachedAsync(analyticsScope, programs, choice.Period, choice.Bucket, CancellationToken.None)));
            var cold = profiler.Stop();
            var serverAfter = postgres is null ? null : await PostgresStateAsync(services);
            for (var round = 0; round <= rounds; round++)
            {
                if (round > 0)
                {
                    times.Add(await TimeAsync(services, q => q.ComputeUncachedAsync(analyticsScope, programs, choice.Period, choice.Bucket, CancellationToken.None)));
                }
                if (round > 0 && round <= baselineRounds)
                {
                    baseline.Add(await TimeAsync(services, async q =>
                    {
                        var facts = await q.LoadAsync(analyticsScope.ProgramIds, programs, choice.Period, CancellationToken.None);
                        rowsRead = facts.Enrollments.Count + facts.Modules.Count + facts.Scores.Count + facts.Messages.Count + facts.StaffTime.Count + facts.LastActiveDay.Count;
                    }));
                }
            }
            var warm = times.Skip(1).Order().ToList();
            Console.WriteLine($"  {key + " " + preset,-34} {times[0],8:F0} {Pct(warm, 0.5),8:F0} {Pct(warm, 0.99),8:F0} {Pct(warm, 0.999),8:F0} {warm[^1],8:F0}   {Pct(baseline.Order().ToList(), 0.5),12:F0} {rowsRead,10:N0}");
            Console.WriteLine($"      cold: {times[0]:F0} ms, {cold.Count} statements, SQL {cold.Sum(s => s.Ms):F0} ms, outside SQL {times[0] - cold.Sum(s => s.Ms):F0} ms" +
                              (server is null ? "" : $", server blocks read {serverAfter!.Read - server.Read:N0} / hit {serverAfter.Hit - server.Hit:N0}, {server.Tables}") +
                              "; slowest: " + string.Join(" | ", cold.OrderByDescending(s => s.Ms).Take(4).Select(s => $"{s.Ms:F0} ms {Describe(s.Sql)}")));

            profiler.Start();
            var total = await TimeAsync(services, q => q.ComputeUncachedAsync(analyticsScope, programs, choice.Period, choice.Bucket, CancellationToken.None));
            var statements = profiler.Stop();
            Console.WriteLine($"      profile: {total:F0} ms, {statements.Count} statements, SQL {statements.Sum(s => s.Ms):F0} ms; slowest: " +
                              string.Join(" | ", statements.OrderByDescending(s => s.Ms).Take(3).Select(s => $"{s.Ms:F0} ms {Describe(s.Sql)}")));
        }
        return 0;
    }

    private sealed record PostgresState(long Read, long Hit, string Tables);

    /// <summary>
    /// The server's block reads and hits so far (pg_stat_database), and what it knows of the counter tables: rows, dead
    /// row versions, whether they have been analysed (a table never analysed is planned from guesses).
    /// </summary>
    private static async Task<PostgresState> PostgresStateAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        var blocks = await db.Database.SqlQueryRaw<long>(
            "SELECT blks_read AS \"Value\" FROM pg_stat_database WHERE datname = current_database() UNION ALL " +
            "SELECT blks_hit FROM pg_stat_database WHERE datname = current_database()").ToListAsync();
        var tables = await db.Database.SqlQueryRaw<string>(
            "SELECT relname || ' ' || n_live_tup || '/' || n_dead_tup || CASE WHEN coalesce(last_analyze, last_autoanalyze) IS NULL " +
            "THEN ' never analysed' ELSE ' analysed' END AS \"Value\" FROM pg_stat_user_tables " +
            "WHERE relname IN ('AnalyticsDayTotals', 'AnalyticsDayCounts', 'AnalyticsModules', 'AnalyticsWaits', 'AnalyticsActiveBuckets') ORDER BY relname").ToListAsync();
        return new PostgresState(blocks[0], blocks[1], "live/dead " + string.Join(", ", tables));
    }

    private static async Task<double> TimeAsync(IServiceProvider services, Func<IndicatorQuery, Task> run)
    {
        await using var scope = services.CreateAsyncScope();
        var query = scope.ServiceProvider.GetRequiredService<IndicatorQuery>();
        var sw = Stopwatch.StartNew();
        await run(query);
        return sw.Elapsed.TotalMilliseconds;
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Pct(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>The table and the start of the grouping of a statement, enough to tell the statements apart.</summary>
    private static string Describe(string sql)
    {
        var flat = string.Join(' ', sql.Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
        var from = flat.IndexOf(" FROM ", StringComparison.Ordinal);
        var group = flat.IndexOf("GROUP BY", StringComparison.Ordinal);
        var table = from < 0 ? flat[..Math.Min(40, flat.Length)] : flat[(from + 6)..].Split(' ')[0];
        return group < 0 ? table : $"{table} {flat[group..Math.Min(flat.Length, group + 40)]}";
    }

    /// <summary>EF Core's own diagnostics: every executed command with its duration, while started.</summary>
    private sealed class SqlProfiler : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly IDisposable _subscription;
        private readonly List<IDisposable> _listeners = [];
        private readonly Dictionary<System.Data.Common.DbCommand, int> _open = [];
        private List<(string Sql, double Ms)>? _statements;

        public SqlProfiler() => _subscription = DiagnosticListener.AllListeners.Subscribe(this);

        public void Start()
        {
            _open.Clear();
            _statements = [];
        }

        public List<(string Sql, double Ms)> Stop()
        {
            var result = _statements ?? [];
            _statements = null;
            return result;
        }

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                _listeners.Add(value.Subscribe(this));
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            // A query's time runs until its reader is closed: SQLite computes grouped rows while they are read, so the
            // execution alone (until the first row) hid most of it. Reader time is added to its statement's (one entry
            // per statement: the counts printed before 2026-11-30 16:00 counted a query twice, once per event).
            if (_statements is not { } list)
            {
                return;
            }
            lock (list)
            {
                switch (value.Value)
                {
                    case CommandExecutedEventData executed:
                        _open[executed.Command] = list.Count;
                        list.Add((executed.Command.CommandText, executed.Duration.TotalMilliseconds));
                        break;
                    case DataReaderDisposingEventData reader when _open.Remove(reader.Command, out var index) && index < list.Count:
                        list[index] = (list[index].Sql, list[index].Ms + reader.Duration.TotalMilliseconds);
                        break;
                }
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            _subscription.Dispose();
            _listeners.ForEach(l => l.Dispose());
        }
    }

    private sealed class DeliveryHost(string dataDir, string? postgres) : WebApplicationFactory<DeliveryApp>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Storage:DataPath", dataDir);
            builder.UseSetting("AccessLog:ChainKey", "benchmark-only-access-log-chain-key-0123456789");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            if (postgres is not null)
            {
                builder.UseSetting("Database:Provider", "Postgres");
                builder.UseSetting("Database:ConnectionString", postgres);
            }
        }
    }
}
