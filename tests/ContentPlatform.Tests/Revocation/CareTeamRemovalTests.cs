using System.Net;
using ContentPlatform.Delivery;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using ContentPlatform.Tests.Messaging;

namespace ContentPlatform.Tests.Revocation;

/// <summary>
/// A colleague removed from a patient's care team loses the thread at once — not only in REST answers (404) but on the
/// hub connection he opened before the removal, on whichever instance it lives.
/// </summary>
public sealed class CareTeamRemovalTests
{
    /// <summary>Kept far longer than the test runs, so only the removal's eviction can make Per's kept access go.</summary>
    private static readonly Dictionary<string, string?> KeepAccessLong = new() { ["Messaging:AccessKeptFor"] = "00:30:00" };

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_colleague_removed_from_the_care_team_stops_receiving_the_patients_new_messages_on_an_open_connection(Db db)
    {
        await using var world = await MessagingWorld.CreateAsync((await Apps.DeliveryAsync(db, KeepAccessLong)).UseRealServer());
        var per = await world.App.ColleagueInTeamAsync(world.EnrollmentId, world.Therapist.Id);
        using var patient = await world.PatientAsync();
        using var tone = await world.TherapistAsync();
        using var perSession = await world.App.SignInRealAsync(RevocationSteps.ColleagueEmail);
        await using var patientHub = await patient.CareHubAsync();
        await using var toneHub = await tone.CareHubAsync();
        await using var perHub = await perSession.CareHubAsync();
        await patientHub.JoinAsync(world.EnrollmentId);
        await toneHub.JoinAsync(world.EnrollmentId);
        await perHub.JoinAsync(world.EnrollmentId);
        var before = await patientHub.SendAsync(world.EnrollmentId, "Før");
        Assert.Equal(before.Id, (await perHub.NextMessageAsync(m => m.Id == before.Id)).Id);
        var his = await perHub.SendAsync(world.EnrollmentId, "Fra Per før"); // his access to the thread is now kept (ThreadAccessCache)
        await perHub.NextMessageAsync(m => m.Id == his.Id);

        await tone.RemoveColleagueAsync(world.EnrollmentId, per.Id);
        await Assert.ThrowsAsync<HubException>(() => perHub.SendAsync(world.EnrollmentId, "Fra Per etter")); // not one more
        var after = await patientHub.SendAsync(world.EnrollmentId, "Etter");

        Assert.Equal(after.Id, (await toneHub.NextMessageAsync(m => m.Id == after.Id)).Id); // it was delivered to the team...
        Assert.False(await perHub.ReceivesAsync("message", TimeSpan.FromMilliseconds(300))); // ...but not to Per
        Assert.Equal(HttpStatusCode.NotFound, (await perSession.Http.GetAsync($"/api/messages/{world.EnrollmentId}")).StatusCode);
        await Assert.ThrowsAsync<HubException>(() => perHub.JoinAsync(world.EnrollmentId));
        Assert.False(perHub.Closed.IsCompleted); // only this thread was taken away: his other patients stay live
    }

    [Fact]
    public async Task On_two_instances_a_colleague_connected_to_B_is_taken_out_of_the_thread_and_then_locked_out_by_changes_made_on_A()
    {
        var database = await TestDatabase.CreateAsync(Db.Postgres, "delivery");
        try
        {
            var redis = (await RedisServer.GetSharedAsync()).Settings(Guid.NewGuid().ToString("N"));
            redis["Messaging:AccessKeptFor"] = KeepAccessLong["Messaging:AccessKeptFor"];
            await using var a = new AppFactory<DeliveryApp>(database, redis, ownsDatabase: false).UseRealServer();
            await using var b = new AppFactory<DeliveryApp>(database, redis, ownsDatabase: false).UseRealServer();
            var world = await MessagingWorld.CreateAsync(a);
            var per = await a.ColleagueInTeamAsync(world.EnrollmentId, world.Therapist.Id);
            using var patientOnA = await a.SignInRealAsync(MessagingWorld.PatientEmail);
            using var toneOnA = await a.SignInRealAsync(MessagingWorld.TherapistEmail);
            using var toneOnB = await b.SignInRealAsync(MessagingWorld.TherapistEmail);
            using var perOnB = await b.SignInRealAsync(RevocationSteps.ColleagueEmail);
            await using var patientHub = await patientOnA.CareHubAsync();
            await using var toneHub = await toneOnB.CareHubAsync();
            await using var perHub = await perOnB.CareHubAsync();
            await patientHub.JoinAsync(world.EnrollmentId);
            await toneHub.JoinAsync(world.EnrollmentId);
            await perHub.JoinAsync(world.EnrollmentId);
            var before = await patientHub.SendAsync(world.EnrollmentId, "Før");
            Assert.Equal(before.Id, (await perHub.NextMessageAsync(m => m.Id == before.Id)).Id);
            var his = await perHub.SendAsync(world.EnrollmentId, "Fra Per før"); // B now keeps his access to the thread for a few seconds
            await perHub.NextMessageAsync(m => m.Id == his.Id);

            // Removed from the team on A: B takes Per's connection out of the thread's group and forgets what it kept,
            // before A answers the removal — so not one more message from him, though B never asked the database.
            await toneOnA.RemoveColleagueAsync(world.EnrollmentId, per.Id);
            await Assert.ThrowsAsync<HubException>(() => perHub.SendAsync(world.EnrollmentId, "Fra Per etter"));
            var after = await patientHub.SendAsync(world.EnrollmentId, "Etter");
            Assert.Equal(after.Id, (await toneHub.NextMessageAsync(m => m.Id == after.Id)).Id);
            Assert.False(await perHub.ReceivesAsync("message", TimeSpan.FromMilliseconds(300)));
            Assert.False(perHub.Closed.IsCompleted);

            // Locked on A (user-wide): B closes his connection, refuses a new one and his old cookie's requests.
            await a.Services.ChangeUserAsync(RevocationSteps.ColleagueEmail, (users, user) => users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue));
            await perHub.ClosedByServerAsync();
            await perOnB.CannotReconnectAsync();
            Assert.Equal(HttpStatusCode.Unauthorized, (await perOnB.Http.GetAsync("/api/messages/unread")).StatusCode);
            Assert.False(toneHub.Closed.IsCompleted);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }
}
