using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Delivery;

/// <summary>
/// "No answer is ever lost" tested, not assumed: the real Delivery process is killed with SIGKILL in the middle of a load
/// of progress writes, and every write it acknowledged must be in the database afterwards. What this guards: that nothing
/// between the request and the commit (a write-behind queue, a batching buffer, a response sent before SaveChanges)
/// acknowledges work the database does not yet hold. (SQLite in WAL mode survives a process kill by design; an OS crash
/// with synchronous=NORMAL may lose the last commits, which is the documented trade-off.) The load mixes every kind of
/// patient write that answers "saved": questionnaire submissions, page views, exercise autosaves (numbered, so the newest
/// acknowledged text must be the one kept) and messages; the app is then started again on the same database.
/// </summary>
public sealed class CrashSafetyTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Every_acknowledged_write_survives_a_SIGKILL_in_the_middle_of_the_load(Db db)
    {
        // Seed a patient and a release in a fresh store with the in-process app, which then stays idle.
        await using var seed = await Apps.DeliveryAsync(db);
        await seed.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (_, enrollment) = await seed.Services.EnrolledPatientAsync("anne@example.no");

        var port = FreePort();
        using var process = StartDelivery(seed.Database, port);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            };
            if (!await WaitForHealthAsync(client, process))
            {
                process.Kill();
                Assert.Fail("Delivery did not start: " + await output + await errors);
            }
            var token = await client.AntiforgeryTokenAsync("/account/login");
            var login = await client.PostFormAsync("/account/login", ("email", "anne@example.no"), ("password", DeliveryKit.Password),
                ("__RequestVerificationToken", token));
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

            // Each questionnaire submission has its own id and is stored as a new scored result (with its progress event)
            // before the redirect is sent: a redirect is an acknowledgement.
            var acknowledged = 0;
            var page = DeliveryKit.PageUrl(enrollment, 1, questionnairePage: true);
            var formToken = await PatientPages.PageTokenAsync(client, page);
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        using var response = await client.PostFormAsync(page + "?handler=Questionnaire", ("__RequestVerificationToken", formToken),
                            ("blockId", SamplePrograms.QuestionnaireBlockId(1)), ("release", "1"), ("submissionId", Guid.NewGuid().ToString()),
                            ("q.q1", "1"), ("q.q2", "1"), ("q.q3", "0"));
                        if (response.StatusCode == HttpStatusCode.Redirect)
                        {
                            Interlocked.Increment(ref acknowledged);
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                    {
                        return; // the process is gone
                    }
                }
            })).ToList();
            // Page views go through the batching ViewRecorder: one reader moving between two pages, so every page it is
            // shown is a view that was committed first (the page waits for its group commit).
            var views = 0;
            writers.Add(Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    try
                    {
                        using var response = await client.GetAsync(n % 2 == 0 ? DeliveryKit.PageUrl(enrollment, 1) : page);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            Interlocked.Increment(ref views);
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                    {
                        return;
                    }
                }
            }));
            // Autosaves of one exercise field from four writers sharing one counter, as a page's saves racing each other:
            // each is numbered, a 200 acknowledges that number's text, and a 409 is an older number refused.
            var exercise = SamplePrograms.ExerciseId(1);
            var pageToken = await PatientPages.PageTokenAsync(client, DeliveryKit.PageUrl(enrollment, 1));
            long sequence = 0;
            var autosaved = new ConcurrentDictionary<long, string>();
            writers.AddRange(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var n = Interlocked.Increment(ref sequence);
                    var text = $"Svar nummer {n}";
                    try
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/my/enrollments/{enrollment}/answers")
                        {
                            Content = JsonContent.Create(new
                            {
                                blockId = exercise, release = 1, fields = new Dictionary<string, string> { ["text"] = text },
                                sequences = new Dictionary<string, long> { ["text"] = n },
                            }),
                        };
                        request.Headers.Add("RequestVerificationToken", pageToken);
                        using var response = await client.SendAsync(request);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            autosaved[n] = text;
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                    {
                        return;
                    }
                }
            })));
            // Messages: each has its own client id, and a 200 means it is stored (it is stored before it is delivered).
            var sent = new ConcurrentBag<Guid>();
            writers.AddRange(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var clientId = Guid.NewGuid();
                    try
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/messages/{enrollment}")
                        {
                            Content = JsonContent.Create(new { body = "Hei, et spørsmål om øvelsen.", clientId }),
                        };
                        request.Headers.Add("RequestVerificationToken", pageToken);
                        using var response = await client.SendAsync(request);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            sent.Add(clientId);
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                    {
                        return;
                    }
                }
            })));
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((Volatile.Read(ref acknowledged) < 100 || autosaved.Count < 30 || sent.Count < 30) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
            process.Kill(); // SIGKILL: no shutdown, no flush, mid-write
            await process.WaitForExitAsync();
            await Task.WhenAll(writers);
            var acked = Volatile.Read(ref acknowledged);
            Assert.True(acked >= 100, $"only {acked} questionnaires acknowledged before the deadline");
            Assert.True(autosaved.Count >= 30, $"only {autosaved.Count} autosaves acknowledged before the deadline");
            Assert.True(sent.Count >= 30, $"only {sent.Count} messages acknowledged before the deadline");
            var viewsAcked = Volatile.Read(ref views);
            Assert.True(viewsAcked > 0, "no page view was acknowledged during the load");

            await using var scope = seed.Services.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
            var stored = await store.QuestionnaireResults.CountAsync(r => r.EnrollmentId == enrollment);
            var questionnaire = SamplePrograms.QuestionnaireBlockId(1);
            Assert.Equal(stored, await store.ProgressEvents.CountAsync(e => e.EnrollmentId == enrollment && e.Verb == ProgressVerbs.Answered
                && e.ObjectId == questionnaire));
            // Some writes may have committed without their response getting out: more is fine, fewer is loss.
            Assert.True(stored >= acked, $"{acked} acknowledged, {stored} stored: {acked - stored} lost");
            var storedViews = await store.ProgressEvents.CountAsync(e => e.EnrollmentId == enrollment && e.Verb == ProgressVerbs.Viewed);
            Assert.True(storedViews >= viewsAcked, $"{viewsAcked} page views acknowledged, {storedViews} stored: {viewsAcked - storedViews} lost");

            // The newest acknowledged autosave, or a newer one whose answer never got out; never an older one.
            var newest = autosaved.Keys.Max();
            var answer = await store.Answers.AsNoTracking().SingleAsync(a => a.EnrollmentId == enrollment && a.BlockId == exercise);
            Assert.True(answer.Sequence >= newest, $"autosave {newest} acknowledged, {answer.Sequence} stored");
            Assert.Equal($"Svar nummer {answer.Sequence}", answer.Value);

            var acknowledgedMessages = sent.ToHashSet();
            var storedMessages = (await store.Messages.AsNoTracking().Where(m => m.EnrollmentId == enrollment).Select(m => m.ClientId).ToListAsync()).ToHashSet();
            Assert.True(acknowledgedMessages.IsSubsetOf(storedMessages),
                $"{acknowledgedMessages.Count} messages acknowledged, {acknowledgedMessages.Except(storedMessages).Count()} of them lost");
            if (db == Db.Sqlite)
            {
                Assert.Equal(["ok"], await store.Database.SqlQueryRaw<string>("PRAGMA integrity_check").ToListAsync());
            }

            // The app starts again on what the kill left, and shows the patient the newest text.
            using var restarted = StartDelivery(seed.Database, port);
            try
            {
                using var again = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = client.BaseAddress };
                Assert.True(await WaitForHealthAsync(again, restarted), "Delivery did not start again after the kill");
                var signInToken = await again.AntiforgeryTokenAsync("/account/login");
                await again.PostFormAsync("/account/login", ("email", "anne@example.no"), ("password", DeliveryKit.Password),
                    ("__RequestVerificationToken", signInToken));
                Assert.Contains($">Svar nummer {answer.Sequence}</textarea>", await again.GetStringAsync(DeliveryKit.PageUrl(enrollment, 1)));
            }
            finally
            {
                restarted.Kill(entireProcessTree: true);
                await restarted.WaitForExitAsync();
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static Process StartDelivery(TestDatabase database, int port)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = database.DataPath };
        start.ArgumentList.Add(RepoPaths.AppDll("Delivery"));
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        start.ArgumentList.Add("--environment=Testing");
        start.ArgumentList.Add($"--contentRoot={Path.Combine(RepoPaths.Root, "src", "Delivery")}");
        start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        start.ArgumentList.Add($"--AccessLog:ChainKey={AppFactory<DeliveryApp>.TestAccessLogKey}"); // outside Development the key is required
        foreach (var (key, value) in database.Settings().Where(s => s.Key != "Urls"))
        {
            start.ArgumentList.Add($"--{key}={value}");
        }
        return Process.Start(start)!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> WaitForHealthAsync(HttpClient client, Process process)
    {
        for (var i = 0; i < 300 && !process.HasExited; i++)
        {
            try
            {
                if ((await client.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        return false;
    }
}
