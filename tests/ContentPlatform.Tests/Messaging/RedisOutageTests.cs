using System.Net;
using System.Text.Json;
using ContentPlatform.Delivery;
using ContentPlatform.Tests.Infrastructure;
using ContentPlatform.Tests.Revocation;

namespace ContentPlatform.Tests.Messaging;

/// <summary>
/// Two Delivery instances on one PostgreSQL and a Redis of their own, which is killed mid-run and started again on the
/// same port: PostgreSQL is the store of record, Redis only carries live events between instances.
/// </summary>
public sealed class RedisOutageTests
{
    [Fact]
    public async Task When_Redis_stops_messages_are_stored_and_delivered_on_their_instance_and_other_instances_catch_up_when_it_returns()
    {
        var database = await TestDatabase.CreateAsync(Db.Postgres, "delivery");
        await using var redis = await RedisServer.StartOwnAsync();
        try
        {
            var settings = redis.Settings("outage");
            await using var a = new AppFactory<DeliveryApp>(database, settings, ownsDatabase: false).UseRealServer();
            await using var b = new AppFactory<DeliveryApp>(database, settings, ownsDatabase: false).UseRealServer();
            var world = await MessagingWorld.CreateAsync(a);
            using var patientOnA = await a.SignInRealAsync(MessagingWorld.PatientEmail);
            using var therapistOnA = await a.SignInRealAsync(MessagingWorld.TherapistEmail);
            using var therapistOnB = await b.SignInRealAsync(MessagingWorld.TherapistEmail);
            await using var patientHub = await patientOnA.CareHubAsync();
            await using var sameInstance = await therapistOnA.CareHubAsync();
            await using var otherInstance = await therapistOnB.CareHubAsync();
            await patientHub.JoinAsync(world.EnrollmentId);
            await sameInstance.JoinAsync(world.EnrollmentId);
            await otherInstance.JoinAsync(world.EnrollmentId);
            var before = await patientHub.SendAsync(world.EnrollmentId, "Før stansen");
            Assert.Equal(before.Id, (await otherInstance.NextMessageAsync()).Id);
            Assert.Equal(before.Id, (await sameInstance.NextMessageAsync()).Id);

            await redis.StopAsync();
            var degraded = await HealthAsync(a, "Degraded");
            Assert.Contains("Redis unreachable", degraded.GetProperty("description").GetString());

            // Accepted and stored; the colleague's tab on the same instance still gets it live.
            var during = await patientHub.SendAsync(world.EnrollmentId, "Under stansen");
            Assert.Equal(during.Id, (await sameInstance.NextMessageAsync()).Id);

            await redis.StartAsync();
            // Nobody restarts anything: B reconnects by itself and tells its clients to catch up from the database.
            await otherInstance.WaitForAsync("resync", timeout: TimeSpan.FromSeconds(20));
            var caughtUp = await otherInstance.JoinAsync(world.EnrollmentId, afterId: before.Id);
            Assert.Equal([during.Id], caughtUp.Select(m => m.Id).Where(id => id > before.Id)); // the client has the rest (by id)
            await HealthAsync(a, "Healthy");
            await HealthAsync(b, "Healthy");
            await patientHub.WaitForAsync("resync", timeout: TimeSpan.FromSeconds(20)); // A has registered its connections again

            var after = await patientHub.SendAsync(world.EnrollmentId, "Etter stansen");
            Assert.Equal(after.Id, (await otherInstance.NextMessageAsync()).Id); // live across instances again
            Assert.Equal(after.Id, (await sameInstance.NextMessageAsync()).Id);
            Assert.False(await otherInstance.ReceivesAsync("message", TimeSpan.FromMilliseconds(300))); // nothing twice
            Assert.Equal([before.Id, during.Id, after.Id], (await MessagingWorld.StoredAsync(a)).Select(m => m.Id));
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_user_locked_out_on_A_while_Redis_is_down_loses_his_live_connection_on_B_when_Redis_returns()
    {
        var database = await TestDatabase.CreateAsync(Db.Postgres, "delivery");
        await using var redis = await RedisServer.StartOwnAsync();
        try
        {
            var settings = redis.Settings("revocation-outage");
            await using var a = new AppFactory<DeliveryApp>(database, settings, ownsDatabase: false).UseRealServer();
            await using var b = new AppFactory<DeliveryApp>(database, settings, ownsDatabase: false).UseRealServer();
            var world = await MessagingWorld.CreateAsync(a);
            await a.ColleagueInTeamAsync(world.EnrollmentId, world.Therapist.Id);
            using var perOnB = await b.SignInRealAsync(RevocationSteps.ColleagueEmail);
            await using var perHub = await perOnB.CareHubAsync();
            await perHub.JoinAsync(world.EnrollmentId);

            await redis.StopAsync();
            await HealthAsync(a, "Degraded");
            await HealthAsync(b, "Degraded");
            // Locked on A while nothing can reach B: the signal cannot go out now, so A keeps it until Redis is back.
            await a.Services.ChangeUserAsync(RevocationSteps.ColleagueEmail, (users, user) => users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue));
            Assert.False(perHub.Closed.IsCompleted);

            await redis.StartAsync();
            await perHub.ClosedByServerAsync(); // B heard it once both were back, with nobody restarting anything
            await perOnB.CannotReconnectAsync();
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task When_only_B_loses_Redis_the_clients_of_A_are_told_to_resync_once_B_is_back_and_catch_up_what_B_sent_meanwhile()
    {
        var database = await TestDatabase.CreateAsync(Db.Postgres, "delivery");
        var redis = await RedisServer.GetSharedAsync(); // Redis itself stays up: only B's way to it breaks
        using var relay = TcpRelay.Start(redis.Port);
        try
        {
            var prefix = Guid.NewGuid().ToString("N");
            await using var a = new AppFactory<DeliveryApp>(database, redis.Settings(prefix), ownsDatabase: false).UseRealServer();
            await using var b = new AppFactory<DeliveryApp>(database, new Dictionary<string, string?>
            {
                ["Realtime:Redis"] = $"127.0.0.1:{relay.Port},channelPrefix={prefix}:,connectTimeout=2000",
            }, ownsDatabase: false).UseRealServer();
            var world = await MessagingWorld.CreateAsync(a);
            using var therapistOnA = await a.SignInRealAsync(MessagingWorld.TherapistEmail);
            using var patientOnB = await b.SignInRealAsync(MessagingWorld.PatientEmail);
            await using var therapistHub = await therapistOnA.CareHubAsync();
            await using var patientHub = await patientOnB.CareHubAsync();
            await therapistHub.JoinAsync(world.EnrollmentId);
            await patientHub.JoinAsync(world.EnrollmentId);
            var before = await patientHub.SendAsync(world.EnrollmentId, "Før brotet");
            Assert.Equal(before.Id, (await therapistHub.NextMessageAsync()).Id);

            relay.Cut();
            await HealthAsync(b, "Degraded");
            await HealthAsync(a, "Healthy"); // A never loses Redis, so its own restore never tells its clients anything
            var during = await patientHub.SendAsync(world.EnrollmentId, "Under brotet"); // stored; live on B only
            Assert.False(await therapistHub.ReceivesAsync("message", TimeSpan.FromMilliseconds(300)));

            relay.Start();
            // Only B's "back" announcement can tell A's clients that something passed them by.
            await therapistHub.WaitForAsync("resync", timeout: TimeSpan.FromSeconds(20));
            var caughtUp = await therapistHub.JoinAsync(world.EnrollmentId, afterId: before.Id);
            Assert.Equal([during.Id], caughtUp.Select(m => m.Id).Where(id => id > before.Id));

            await HealthAsync(b, "Healthy");
            var after = await patientHub.SendAsync(world.EnrollmentId, "Etter brotet");
            Assert.Equal(after.Id, (await therapistHub.NextMessageAsync()).Id); // live across instances again, nothing twice
            Assert.Equal([before.Id, during.Id, after.Id], (await MessagingWorld.StoredAsync(a)).Select(m => m.Id));
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    /// <summary>Waits until /health reports Redis in this state (it follows the connection's events) and returns the check.</summary>
    private static async Task<JsonElement> HealthAsync(AppFactory<DeliveryApp> app, string status)
    {
        using var http = new HttpClient { BaseAddress = app.ClientOptions.BaseAddress };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            using var response = await http.GetAsync("/health", cts.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode); // degraded, never down: the site keeps serving
            var redis = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cts.Token)).RootElement.GetProperty("checks").GetProperty("redis");
            if (redis.GetProperty("status").GetString() == status)
            {
                return redis.Clone();
            }
            await Task.Delay(50, cts.Token);
        }
    }
}
