using System.Diagnostics;
using System.Net;
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
/// with synchronous=NORMAL may lose the last commits, which is the documented trade-off.)
/// </summary>
public sealed class CrashSafetyTests
{
    [Fact]
    public async Task Every_acknowledged_progress_event_survives_a_SIGKILL_in_the_middle_of_the_load()
    {
        // Seed a patient and a release in a fresh SQLite store with the in-process app, which then stays idle.
        await using var seed = await Apps.DeliveryAsync(Db.Sqlite);
        await seed.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (_, enrollment) = await seed.Services.EnrolledPatientAsync("anne@example.no");

        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = seed.Database.DataPath };
        start.ArgumentList.Add(RepoPaths.AppDll("Delivery"));
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        start.ArgumentList.Add("--environment=Testing");
        start.ArgumentList.Add($"--contentRoot={Path.Combine(RepoPaths.Root, "src", "Delivery")}");
        start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        foreach (var (key, value) in seed.Database.Settings().Where(s => s.Key != "Urls"))
        {
            start.ArgumentList.Add($"--{key}={value}");
        }
        using var process = Process.Start(start)!;
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
            var formToken = await PatientProgramTests.PageTokenAsync(client, page);
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
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Volatile.Read(ref acknowledged) < 300 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
            process.Kill(); // SIGKILL: no shutdown, no flush, mid-write
            await process.WaitForExitAsync();
            await Task.WhenAll(writers);
            var acked = Volatile.Read(ref acknowledged);
            Assert.True(acked >= 300, $"only {acked} writes acknowledged before the deadline");
            var viewsAcked = Volatile.Read(ref views);
            Assert.True(viewsAcked > 0, "no page view was acknowledged during the load");

            await using var scope = seed.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
            var stored = await db.QuestionnaireResults.CountAsync(r => r.EnrollmentId == enrollment);
            Assert.Equal(stored, await db.ProgressEvents.CountAsync(e => e.EnrollmentId == enrollment && e.Verb == ProgressVerbs.Answered));
            // Some writes may have committed without their response getting out: more is fine, fewer is loss.
            Assert.True(stored >= acked, $"{acked} acknowledged, {stored} stored: {acked - stored} lost");
            var storedViews = await db.ProgressEvents.CountAsync(e => e.EnrollmentId == enrollment && e.Verb == ProgressVerbs.Viewed);
            Assert.True(storedViews >= viewsAcked, $"{viewsAcked} page views acknowledged, {storedViews} stored: {viewsAcked - storedViews} lost");
            Assert.Equal(["ok"], await db.Database.SqlQueryRaw<string>("PRAGMA integrity_check").ToListAsync());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
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
