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
