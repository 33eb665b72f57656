using System.Diagnostics;
using System.Globalization;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Messaging;
using ContentPlatform.Delivery.Notifications;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Benchmarks;

/// <summary>
/// The due-notification sweep over N enrolments (issue 19): two programs with different inactivity thresholds, enrolments
/// at every stage of quiet, finished programs, unread and read care-team messages, recent and old module openings, and
/// patients' own quiet hours. Prints per provider: the first sweep (inserts everything due), then steady sweeps (nothing
/// new: every occurrence is a no-op insert) beside the baseline — the rules' queries alone, the same rows read without
/// the insert — as p50/p99/max; then two instances sweeping at once from empty: duplicates and missed occurrences.
/// </summary>
public static class NotificationSweepTimings
{
    public static async Task<int> RunAsync(string dataDir, int enrolments, string? postgres)
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("ROUNDS"), CultureInfo.InvariantCulture, out var r) ? r : 10;
        Directory.CreateDirectory(dataDir);
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_CONTENTPLATFORM_DELIVERY", Path.GetFullPath(Path.Combine("src", "Delivery")));
        var label = postgres is null ? "SQLite" : "PostgreSQL";
        await using var a = new Host(dataDir, postgres);
        await using var b = new Host(dataDir, postgres);
        var now = DateTimeOffset.UtcNow;
        await a.Services.StoreReleaseAsync(SamplePrograms.Guided() with { Reminders = new ReminderSettings { InactiveDays = 7 } }, 1);
        await a.Services.StoreReleaseAsync(SamplePrograms.Course() with { Reminders = new ReminderSettings { InactiveDays = 14 } }, 1);
        var seed = Stopwatch.StartNew();
        await SeedAsync(a.Services, enrolments, now);
        Console.WriteLine($"{label}: {enrolments:N0} enrolments seeded in {seed.Elapsed.TotalSeconds:F1} s");

        var sweep = a.Services.GetRequiredService<NotificationSweep>();
        var first = Stopwatch.StartNew();
        var inserted = await sweep.RunAsync(CancellationToken.None);
        Console.WriteLine($"  first sweep: {first.ElapsedMilliseconds} ms, {inserted:N0} notifications due and inserted");

        var sweeps = new List<double>();
        var bare = new List<double>();
        var found = 0;
        for (var i = 0; i < rounds; i++)
        {
            var t = Stopwatch.StartNew();
            Check(await sweep.RunAsync(CancellationToken.None) == 0, "a steady sweep inserted something");
            sweeps.Add(t.Elapsed.TotalMilliseconds);
            t.Restart();
            found = (await DueAsync(a.Services)).Count;
            bare.Add(t.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine($"  steady sweep ({rounds} rounds): {Stats(sweeps)}");
        Console.WriteLine($"  baseline, the rules' queries alone ({found:N0} rows due): {Stats(bare)}; sweep/baseline p50 {Median(sweeps) / Median(bare):F2}×");

        // Two instances at once, from empty: the unique once key decides.
        await using (var scope = a.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DeliveryDbContext>().Notifications.ExecuteDeleteAsync();
        }
        var expected = (await DueAsync(a.Services)).Select(d => d.OnceKey).ToHashSet();
        var both = Stopwatch.StartNew();
        var counts = await Task.WhenAll(sweep.RunAsync(CancellationToken.None), b.Services.GetRequiredService<NotificationSweep>().RunAsync(CancellationToken.None));
        both.Stop();
        await using (var scope = a.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
            var keys = await db.Notifications.Select(n => n.OnceKey).ToListAsync();
            var duplicates = keys.Count - keys.Distinct().Count();
            var missed = expected.Count(k => !keys.Contains(k));
            Console.WriteLine($"  two instances at once: {both.ElapsedMilliseconds} ms, inserted {counts[0]:N0} + {counts[1]:N0} = {counts.Sum():N0} " +
                              $"of {expected.Count:N0} due; duplicates {duplicates}, missed {missed}");
            Check(duplicates == 0 && missed == 0, "duplicates or missed occurrences");
        }
        return 0;
    }

    private static async Task<List<DueNotification>> DueAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var all = new List<DueNotification>();
        foreach (var rule in scope.ServiceProvider.GetServices<INotificationRule>())
        {
            all.AddRange(await rule.DueAsync(DateTimeOffset.UtcNow, CancellationToken.None));
        }
        return all;
    }

    /// <summary>
    /// Mixed schedules: half in each program (inactivity after 7 or 14 days), last activity spread over 0–40 days, 5 %
    /// finished lately; 10 % with an unread care-team message and 20 % with a read one; 20 % with a module opened today
    /// and 30 % with an old opening; half the patients with their own quiet hours (every start hour).
    /// </summary>
    private static async Task SeedAsync(IServiceProvider services, int n, DateTimeOffset now)
    {
        const int batch = 5000;
        for (var start = 0; start < n; start += batch)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(n, start + batch); i++)
            {
                var id = Guid.NewGuid();
                var patient = $"bench-patient-{i}";
                var last = now - TimeSpan.FromHours(i % 960) - TimeSpan.FromMinutes(i % 60);
                var finished = i % 20 == 0;
                db.Enrollments.Add(new ProgramEnrollment
                {
                    Id = id, ProgramId = i % 2 == 0 ? SamplePrograms.GuidedId : SamplePrograms.CourseId, PatientId = patient, CreatedBy = "bench",
                    CreatedAt = now.AddDays(-60), StartedAt = now.AddDays(-59), LastActivityAt = finished ? now.AddDays(-1) : last,
                    PercentComplete = finished ? 100 : i % 100, CompletedModules = finished ? 3 : 0,
                });
                if (i % 10 == 1 || i % 10 == 2 || i % 10 == 3)
                {
                    db.Messages.Add(new Message
                    {
                        EnrollmentId = id, SenderId = "bench-therapist", SenderName = "T", Body = "x", ClientId = Guid.NewGuid(), SentAt = last,
                        ReadAt = i % 10 == 1 ? null : last.AddHours(1),
                    });
                }
                if (i % 10 is 4 or 5 or 6 or 7 or 8)
                {
                    db.ModuleOpenings.Add(new ModuleOpening
                    {
                        EnrollmentId = id, ModuleId = SamplePrograms.ModuleId(2), OpenedBy = "bench-therapist",
                        OpenedAt = i % 10 is 4 or 5 ? now.AddHours(-3) : now.AddDays(-20),
                    });
                }
                if (i % 2 == 0)
                {
                    db.NotificationPreferences.Add(new NotificationPreferences
                    {
                        PatientId = patient, Email = true, Sms = i % 4 == 0, Phone = i % 4 == 0 ? "+4791234567" : null,
                        QuietFromHour = i % 24, QuietUntilHour = (i + 9) % 24,
                    });
                }
            }
            await db.SaveChangesAsync();
        }
    }

    private static void Check(bool ok, string what)
    {
        if (!ok)
        {
            throw new InvalidOperationException(what);
        }
    }

    private static double Median(List<double> xs) => Percentile(xs, 50);

    private static double Percentile(List<double> xs, double p)
    {
        var sorted = xs.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static string Stats(List<double> xs) =>
        $"p50 {Percentile(xs, 50):F0} ms, p99 {Percentile(xs, 99):F0} ms, max {xs.Max():F0} ms";

    private sealed class Host(string dataDir, string? postgres) : WebApplicationFactory<DeliveryApp>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Storage:DataPath", dataDir);
            builder.UseSetting("AccessLog:ChainKey", "benchmark-only-access-log-chain-key-0123456789");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Analytics:WarmUp", "false");
            builder.UseSetting("Notifications:Enabled", "false"); // the benchmark runs the sweeps itself
            if (postgres is not null)
            {
                builder.UseSetting("Database:Provider", "Postgres");
                builder.UseSetting("Database:ConnectionString", postgres);
            }
        }
    }
}
