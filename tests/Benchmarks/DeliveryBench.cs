using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Benchmarks;

/// <summary>
/// Delivery benchmarks. <c>delivery-serve</c> starts Delivery on a real port with a signed-in patient and writes what
/// wrk needs (URL, cookie, the page's bytes for the baseline) plus the page weight; <c>progress-writes</c> measures
/// progress-event commits per second through the app's own write path beside bare INSERTs on the same database.
/// </summary>
public static partial class DeliveryBench
{
    public static async Task<int> ServeAsync(string outDir)
    {
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_CONTENTPLATFORM_DELIVERY", Path.GetFullPath(Path.Combine("src", "Delivery")));
        Directory.CreateDirectory(outDir);
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        app.UseRealServer();
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (_, enrollment) = await app.Services.EnrolledPatientAsync("anne@example.no");
        var baseUrl = app.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
        var token = await client.AntiforgeryTokenAsync("/account/login");
        await client.PostFormAsync("/account/login", ("email", "anne@example.no"), ("password", DeliveryKit.Password), ("__RequestVerificationToken", token));
        var path = DeliveryKit.PageUrl(enrollment, 1);
        var html = await client.GetByteArrayAsync(path);
        await File.WriteAllBytesAsync(Path.Combine(outDir, "page.html"), html);
        await File.WriteAllTextAsync(Path.Combine(outDir, "url"), baseUrl + path);
        await File.WriteAllTextAsync(Path.Combine(outDir, "cookie"), cookies.GetCookieHeader(new Uri(baseUrl)));
        await File.WriteAllTextAsync(Path.Combine(outDir, "weight"), await PageWeightAsync(client, html));
        await File.WriteAllTextAsync(Path.Combine(outDir, "ready"), "");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    /// <summary>The module page and everything it loads (styles, scripts, images), raw and as gzip would send it.</summary>
    private static async Task<string> PageWeightAsync(HttpClient client, byte[] html)
    {
        var text = System.Text.Encoding.UTF8.GetString(html);
        var parts = new List<(string Name, byte[] Bytes)> { ("page", html) };
        foreach (var url in AssetPattern().Matches(text).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).Distinct())
        {
            parts.Add((url.Split('?')[0], await client.GetByteArrayAsync(url)));
        }
        var lines = parts.Select(p => $"  {p.Name,-40} {p.Bytes.Length,8:N0} B raw {Gzip(p.Bytes),8:N0} B gzip").ToList();
        lines.Add($"  {"total",-40} {parts.Sum(p => p.Bytes.Length),8:N0} B raw {parts.Sum(p => Gzip(p.Bytes)),8:N0} B gzip   (goal <= 100 KB)");
        return string.Join('\n', lines) + "\n";
    }

    private static int Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }
        return (int)buffer.Length;
    }

    // Fingerprinted files (asp-append-version: "/css/site.css?v=…") count too: they are most of the bytes after the page.
    [GeneratedRegex("(?:href|src)=\"(/(?!culture|my|account|courses|staff)[^\"?]+\\.(?:css|js|svg|png|woff2)(?:\\?[^\"]*)?)\"")]
    private static partial Regex AssetPattern();

    /// <summary>
    /// 32 writers for <paramref name="seconds"/> s, each a page view of one of 200 patients: the app's path (scope, write
    /// gate, load enrollment, append event + projections, SaveChanges) vs a bare one-row INSERT commit on the same store.
    /// </summary>
    public static async Task<int> ProgressWritesAsync(string provider, int seconds)
    {
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_CONTENTPLATFORM_DELIVERY", Path.GetFullPath(Path.Combine("src", "Delivery")));
        var db = provider == "postgres" ? Db.Postgres : Db.Sqlite;
        await using var app = await Apps.DeliveryAsync(db);
        var program = SamplePrograms.Guided();
        await app.Services.StoreReleaseAsync(program, 1);
        var enrollments = new List<Guid>();
        for (var i = 0; i < 200; i++)
        {
            enrollments.Add((await app.Services.EnrolledPatientAsync($"p{i}@example.no")).EnrollmentId);
        }
        var pages = program.Modules.SelectMany(m => m.Pages.Select(p => (Module: m.Id, Page: p.Id))).ToArray();

        var views = app.Services.GetRequiredService<ViewRecorder>();
        var app1 = await RunAsync(seconds, async (worker, n) =>
        {
            var (module, page) = pages[n % pages.Length];
            await views.RecordAsync(enrollments[(worker * 7 + n) % enrollments.Count], module, page, 1, CancellationToken.None);
        });
        var bare = await RunAsync(seconds, async (worker, n) =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
            var gate = scope.ServiceProvider.GetRequiredService<DeliveryWriteGate>();
            var id = enrollments[(worker * 7 + n) % enrollments.Count];
            using (await gate.EnterAsync(CancellationToken.None))
            {
                await context.Database.ExecuteSqlAsync(
                    $"""INSERT INTO "ProgressEvents" ("EnrollmentId", "Verb", "ModuleId", "ObjectId", "Release", "At") VALUES ({id}, 'viewed', 'm', 'p', 1, {DateTimeOffset.UtcNow})""");
            }
        });
        Console.WriteLine($"progress writes on {provider}, 32 writers, {seconds} s each:");
        Console.WriteLine($"  {"side",-22} {"events/s",9} {"p50 ms",7} {"p99 ms",7} {"p99.9 ms",8} {"max ms",7}");
        Console.WriteLine(app1.Line("app (event+projection)"));
        Console.WriteLine(bare.Line("bare INSERT baseline"));
        Console.WriteLine($"  ratio {app1.PerSecond / bare.PerSecond:F2} of baseline   (goal >= 2000 events/s on SQLite)");
        return 0;
    }

    private sealed record Result(double PerSecond, List<double> Latencies)
    {
        public string Line(string name) =>
            $"  {name,-22} {PerSecond,9:F0} {P(50),7:F2} {P(99),7:F2} {P(99.9),8:F2} {Latencies[^1],7:F2}";

        private double P(double p) => Latencies[Math.Min(Latencies.Count - 1, (int)Math.Ceiling(p / 100 * Latencies.Count) - 1)];
    }

    private static async Task<Result> RunAsync(int seconds, Func<int, int, Task> write)
    {
        for (var i = 0; i < 200; i++)
        {
            await write(0, i); // warm-up: JIT, connection pool, query cache
        }
        var latencies = new List<double>[32];
        var until = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 32).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = [];
            for (var n = 0; until.Elapsed.TotalSeconds < seconds; n++)
            {
                var sw = Stopwatch.StartNew();
                await write(w, n);
                mine.Add(sw.Elapsed.TotalMilliseconds);
            }
        })));
        var all = latencies.SelectMany(l => l).Order().ToList();
        return new Result(all.Count / until.Elapsed.TotalSeconds, all);
    }
}
