using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Benchmarks;

/// <summary>
/// Message delivery latency through /hubs/care: THREADS threads, each with PER_SIDE connections of the patient and
/// PER_SIDE of the therapist (1,000 connections with the defaults), RATE messages per second in total sent by random
/// connections with the hub's Send; every connection in the thread should receive each one. Latency is from just
/// before Send is invoked to the "message" event at a receiver: it includes authorization, the database write and the
/// bus. With several URLs, connections are spread over them round-robin, so most deliveries cross instances. Messages
/// sent in the warm-up are not counted; a delivery missing 5 s after the last send is lost.
/// </summary>
public static partial class MessagingBenchmark
{
    private const string Password = "bench-password-0123";

    public static async Task<int> RunAsync(string label, string[] urls, string? seed, int threads, int perSide, int rate, int seconds, int warmup)
    {
        var bases = urls.Select(u => new Uri(u)).ToArray();
        var enrollments = new List<(Guid Id, string Patient, string Therapist)>();
        if (seed is not null)
        {
            enrollments = await SeedAsync(seed, threads, Math.Max(1, Env("BENCH_THREADS_PER_USER", 1)));
        }
        else
        {
            enrollments = Enumerable.Range(0, threads).Select(_ => (Guid.NewGuid(), "", "")).ToList();
        }

        // Each user signs in once, on the first instance; the cookie works on the others because Delivery keeps its
        // data-protection key ring in the shared database. Sign-in is password hashing.
        var cookies = new ConcurrentDictionary<string, CookieContainer>();
        if (seed is not null)
        {
            var sw = Stopwatch.StartNew();
            var users = enrollments.SelectMany(e => new[] { e.Patient, e.Therapist }).Distinct().ToList();
            await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (u, ct) =>
            {
                var jar = await SignInAsync(bases[0], u);
                foreach (var b in bases.Skip(1))
                {
                    jar.Add(b, jar.GetCookies(bases[0]));
                }
                cookies[u] = jar;
            });
            Console.Error.WriteLine($"   {label}: {cookies.Count} sign-ins in {sw.Elapsed.TotalSeconds:0.0} s");
        }

        var sent = new ConcurrentDictionary<long, (long Ticks, int Thread, int Instance)>();
        var deliveries = new ConcurrentBag<(long Seq, double Ms, bool Cross, int Receiver)>();
        // Live cross-instance deliveries' arrival times (for the time to resume after an outage) and catch-up counts.
        var crossArrivals = new ConcurrentBag<long>();
        var caughtUp = 0;
        var liveAfterCatchUp = 0;
        var resyncs = 0;
        var rssBefore = ServerCpu.ReadRss();
        var clients = new List<(RawHubClient Client, int Thread, int Instance)>();
        var connecting = Stopwatch.StartNew();
        var slots = enrollments.SelectMany((e, t) => Enumerable.Range(0, perSide * 2).Select(k => (Thread: t, Patient: k < perSide, Index: t * perSide * 2 + k))).ToList();
        var connected = new ConcurrentBag<(RawHubClient, int, int)>();
        await Parallel.ForEachAsync(slots, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (slot, ct) =>
        {
            var instance = slot.Index % bases.Length;
            var e = enrollments[slot.Thread];
            var jar = seed is null ? null : cookies[slot.Patient ? e.Patient : e.Therapist];
            var client = await RawHubClient.ConnectAsync(bases[instance], "/hubs/care", jar, ct: ct);
            // As the thread page does (wwwroot/js/messages.js): ids shown once, and on "resync" (the instance's Redis is
            // back) a catch-up from the database with JoinThread after the highest id the last catch-up returned
            // ("complete"); BENCH_CATCHUP=last catches up after the highest id seen, as the page did before 2026-12-06.
            var seen = new ConcurrentDictionary<long, byte>();
            var fromCatchUp = new ConcurrentDictionary<long, byte>();
            long last = 0, complete = 0;
            void Record(long seq, long now, bool live)
            {
                if (sent.TryGetValue(seq, out var s))
                {
                    var cross = s.Instance != instance;
                    deliveries.Add((seq, Stopwatch.GetElapsedTime(s.Ticks, now).TotalMilliseconds, cross, slot.Index));
                    if (cross && live)
                    {
                        crossArrivals.Add(now);
                    }
                }
            }
            client.OnEvent = ev =>
            {
                if (ev.Target == "resync")
                {
                    Interlocked.Increment(ref resyncs);
                    _ = Task.Run(async () =>
                    {
                        try
                        {
                            var after = CatchUpAfterLast ? Interlocked.Read(ref last) : Interlocked.Read(ref complete);
                            var missed = await client.InvokeAsync<List<JsonElement>>("JoinThread", e.Id, after);
                            var now = Stopwatch.GetTimestamp();
                            foreach (var m in missed)
                            {
                                var id = m.GetProperty("id").GetInt64();
                                InterlockedMax(ref last, id);
                                InterlockedMax(ref complete, id);
                                var match = SeqPattern().Match(m.GetProperty("body").GetString() ?? "");
                                if (seen.TryAdd(id, 0) && match.Success)
                                {
                                    fromCatchUp.TryAdd(id, 0);
                                    Interlocked.Increment(ref caughtUp);
                                    Record(long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), now, live: false);
                                }
                            }
                        }
                        catch (Exception ex) when (ex is HubInvocationException or System.Net.WebSockets.WebSocketException)
                        {
                            Console.Error.WriteLine($"   catch-up failed: {ex.Message}");
                        }
                    });
                    return;
                }
                if (ev.Target != "message")
                {
                    return;
                }
                var now = Stopwatch.GetTimestamp();
                var body = ev.Arguments[0];
                var match = SeqPattern().Match(body.GetProperty("body").GetString() ?? "");
                if (body.TryGetProperty("id", out var idProperty))
                {
                    var id = idProperty.GetInt64();
                    InterlockedMax(ref last, id);
                    if (!seen.TryAdd(id, 0) && fromCatchUp.ContainsKey(id))
                    {
                        // Caught up from the database first, then live: the page shows it once (by id); not a duplicate
                        // event, but counted apart so it is seen.
                        Interlocked.Increment(ref liveAfterCatchUp);
                        return;
                    }
                }
                if (match.Success)
                {
                    Record(long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), now, live: true);
                }
            };
            await client.InvokeAsync<object>("JoinThread", e.Id, 0L);
            connected.Add((client, slot.Thread, instance));
        });
        clients = [.. connected.OrderBy(c => c.Item2)];
        Console.Error.WriteLine($"   {label}: {clients.Count} connections joined in {connecting.Elapsed.TotalSeconds:0.0} s");
        ServerCpu.ReportRss(label, rssBefore, ServerCpu.ReadRss(), clients.Count);

        var interval = TimeSpan.FromSeconds(1.0 / rate);
        var total = rate * (seconds + warmup);
        var firstMeasured = (long)rate * warmup;
        var errors = 0;
        var random = new Random(42);
        var pending = new List<Task>();
        var cpuBefore = ServerCpu.Read();
        var start = Stopwatch.GetTimestamp();
        // BENCH_OUTAGE_STOP / BENCH_OUTAGE_START: shell commands that stop and start Redis, a third of the way into the
        // measured phase, BENCH_OUTAGE_SECONDS (10) apart.
        var outage = Environment.GetEnvironmentVariable("BENCH_OUTAGE_STOP") is { Length: > 0 } stopCommand
            ? OutageAsync(stopCommand, Environment.GetEnvironmentVariable("BENCH_OUTAGE_START")!,
                TimeSpan.FromSeconds(warmup + seconds / 3.0), TimeSpan.FromSeconds(Env("BENCH_OUTAGE_SECONDS", 10)))
            : Task.FromResult(0L);
        for (long seq = 0; seq < total; seq++)
        {
            var due = TimeSpan.FromTicks(interval.Ticks * seq) - Stopwatch.GetElapsedTime(start);
            if (due > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(due);
            }
            var (client, thread, instance) = clients[random.Next(clients.Count)];
            var n = seq;
            sent[n] = (Stopwatch.GetTimestamp(), thread, instance);
            pending.Add(Task.Run(async () =>
            {
                try
                {
                    await client.InvokeRawAsync("Send", [enrollments[thread].Id, $"Melding nr. b:{n}: hvordan går det med uroen i dag?", Guid.NewGuid()]);
                }
                catch (Exception e) when (e is HubInvocationException or System.Net.WebSockets.WebSocketException or OperationCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }
            }));
        }
        await Task.WhenAll(pending);
        var back = await outage;
        await Task.Delay(TimeSpan.FromSeconds(5));
        ServerCpu.Report(label, cpuBefore, ServerCpu.Read(), total);
        if (back != 0)
        {
            var firstCross = crossArrivals.Where(t => t > back).DefaultIfEmpty(0).Min();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"OUTAGE {label,-44} Redis stopped {Env("BENCH_OUTAGE_SECONDS", 10)} s; resumed: first live cross-instance delivery {(firstCross == 0 ? "never" : $"{Stopwatch.GetElapsedTime(back, firstCross).TotalMilliseconds:0} ms")} after Redis was back; resyncs heard {resyncs}, catch-up after {(CatchUpAfterLast ? "the highest id seen (the page before 2026-12-06)" : "the highest id caught up (the page)")}, deliveries caught up from the database {caughtUp}, of which also arrived live afterwards {liveAfterCatchUp}"));
        }

        var perThread = perSide * 2;
        var measured = deliveries.Where(d => d.Seq >= firstMeasured).ToList();
        var expected = (total - firstMeasured) * perThread;
        var distinct = measured.Select(d => d.Seq).Distinct().Count();
        // A delivery is one message at one receiving connection; the same pair twice is a duplicate, not a delivery.
        var duplicated = measured.Count - measured.Select(d => (d.Seq, d.Receiver)).Distinct().Count();
        var lost = expected - (measured.Count - duplicated);
        Report(label, measured.Select(d => d.Ms).ToList(), total - firstMeasured, measured.Count, expected, lost, errors, distinct, duplicated);
        if (bases.Length > 1)
        {
            Report($"{label} (cross-instance deliveries only)", measured.Where(d => d.Cross).Select(d => d.Ms).ToList(), total - firstMeasured,
                measured.Count(d => d.Cross), null, null, null, null, null);
        }
        await Task.WhenAll(clients.Select(c => c.Client.DisposeAsync().AsTask()));
        return lost == 0 && errors == 0 && duplicated == 0 ? 0 : 1;
    }

    private static void Report(string label, List<double> ms, long messages, int delivered, long? expected, long? lost, int? errors, int? distinct, int? duplicated)
    {
        ms.Sort();
        double P(double q) => ms.Count == 0 ? double.NaN : ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(q * ms.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT {label,-44} messages {messages,6} deliveries {delivered,7}{(expected is null ? "" : $"/{expected}")} p50 {P(0.50),7:0.00} ms  p99 {P(0.99),7:0.00} ms  p99.9 {P(0.999),7:0.00} ms  max {(ms.Count == 0 ? double.NaN : ms[^1]),7:0.00} ms{(lost is null ? "" : $"  lost {lost}  duplicated {duplicated}  send errors {errors}  messages seen {distinct}")}"));
    }

    /// <summary>Runs the stop command at <paramref name="at"/> after now, the start command <paramref name="length"/> later;
    /// returns the timestamp when Redis answered again.</summary>
    private static async Task<long> OutageAsync(string stop, string start, TimeSpan at, TimeSpan length)
    {
        await Task.Delay(at);
        await ShellAsync(stop);
        Console.Error.WriteLine("   Redis stopped");
        await Task.Delay(length);
        await ShellAsync(start);
        Console.Error.WriteLine("   Redis back");
        return Stopwatch.GetTimestamp();
    }

    private static async Task ShellAsync(string command)
    {
        using var process = Process.Start("/bin/sh", ["-c", command]);
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{command}' exited {process.ExitCode}");
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }

    private static readonly bool CatchUpAfterLast = Environment.GetEnvironmentVariable("BENCH_CATCHUP") == "last";

    private static int Env(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var v) ? v : fallback;

    [GeneratedRegex(@"b:(\d+):")]
    private static partial Regex SeqPattern();

    private static async Task<CookieContainer> SignInAsync(Uri baseAddress, string email)
    {
        var jar = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        // Therapists have an authenticator (staff must use a second factor); patients sign in with the password alone.
        var response = email.StartsWith('t')
            ? await StaffAccounts.SignInAsync(http, email, Password, AuthenticatorKey)
            : await PasswordOnlyAsync(http, email);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"sign-in of {email} at {baseAddress} gave {response.StatusCode}");
        }
        return jar;
    }

    private static async Task<HttpResponseMessage> PasswordOnlyAsync(HttpClient http, string email)
    {
        var html = await http.GetStringAsync("/account/login");
        var token = WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);
        return await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = Password, ["__RequestVerificationToken"] = token,
        }));
    }

    /// <summary>One authenticator key for every seeded therapist (base32, as Identity stores it).</summary>
    private const string AuthenticatorKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    /// <summary>
    /// Patients, therapists, enrollments and care teams written straight into the database (the app has created the schema
    /// and roles). One password hash for all, made with a single PBKDF2 iteration: password hashing is deliberately slow
    /// (≈150 ms per sign-in here) and is not what this measures; Identity re-hashes it at the first sign-in.
    /// </summary>
    /// <param name="threadsPerUser">Enrollments per patient and per therapist: 10,000 connections need 1,000 threads, and
    /// signing in 2,000 users would take minutes of password hashing; sharing users keeps sign-ins at 200.</param>
    private static async Task<List<(Guid, string, string)>> SeedAsync(string seed, int threads, int threadsPerUser)
    {
        await using DeliveryDbContext db = seed.StartsWith("sqlite:", StringComparison.Ordinal)
            ? new SqliteDeliveryDbContext(new DbContextOptionsBuilder<SqliteDeliveryDbContext>().UseSqlite($"Data Source={seed[7..]}").Options)
            : new PostgresDeliveryDbContext(new DbContextOptionsBuilder<PostgresDeliveryDbContext>().UseNpgsql(seed[9..]).Options);
        var roles = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id);
        var hash = new PasswordHasher<DeliveryUser>(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = 1 }))
            .HashPassword(new DeliveryUser(), Password);
        var run = Guid.NewGuid().ToString("N")[..6];
        var result = new List<(Guid, string, string)>();
        DeliveryUser User(string email, string name) => new()
        {
            UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true, DisplayName = name, PasswordHash = hash, SecurityStamp = Guid.NewGuid().ToString("N"),
        };
        DeliveryUser patient = null!, therapist = null!;
        for (var t = 0; t < threads; t++)
        {
            if (t % threadsPerUser == 0)
            {
                var u = t / threadsPerUser;
                patient = User($"p{u}-{run}@bench.local", $"Pasient {u}");
                therapist = User($"t{u}-{run}@bench.local", $"Terapeut {u}");
                db.Users.AddRange(patient, therapist);
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = patient.Id, RoleId = roles[DeliveryRoles.Patient] });
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = therapist.Id, RoleId = roles[DeliveryRoles.Therapist] });
                therapist.TwoFactorEnabled = true;
                db.UserTokens.Add(new IdentityUserToken<string> { UserId = therapist.Id, LoginProvider = "[AspNetUserStore]", Name = "AuthenticatorKey", Value = AuthenticatorKey });
            }
            var enrollment = new ProgramEnrollment { ProgramId = "bench", PatientId = patient.Id, CreatedBy = therapist.Id, CreatedAt = DateTimeOffset.UtcNow, StartedAt = DateTimeOffset.UtcNow };
            db.Enrollments.Add(enrollment);
            db.CareTeamMembers.Add(new CareTeamMember { EnrollmentId = enrollment.Id, StaffUserId = therapist.Id, IsResponsible = true, AddedAt = DateTimeOffset.UtcNow, AddedBy = therapist.Id });
            result.Add((enrollment.Id, patient.Email!, therapist.Email!));
        }
        await db.SaveChangesAsync();
        return result;
    }
}
