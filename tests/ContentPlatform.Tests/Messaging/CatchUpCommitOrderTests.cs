using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Messaging;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ContentPlatform.Tests.Messaging;

/// <summary>
/// A PostgreSQL id is taken at INSERT and shown at COMMIT: a message with a lower id can become visible after a
/// catch-up already returned a higher one. The next catch-up must still bring it.
/// </summary>
public sealed class CatchUpCommitOrderTests
{
    [Fact]
    public async Task A_message_whose_lower_id_commits_after_a_higher_one_was_caught_up_is_in_the_next_catch_up()
    {
        await using var app = await Apps.DeliveryAsync(Db.Postgres);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var therapist = await app.Services.CreateUserAsync(MessagingWorld.TherapistEmail, "Tone Terapeut", DeliveryRoles.Therapist);
        var (_, enrollmentId) = await app.Services.EnrolledPatientAsync(MessagingWorld.PatientEmail, therapistId: therapist.Id);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        var messages = scope.ServiceProvider.GetRequiredService<MessageService>();
        var access = new ThreadAccess(enrollmentId, therapist.Id, AsPatient: false, "", null, "", [therapist.Id]); // read: enrollment only

        // Two writers outside the send path's per-thread lock: the slow one takes the lower id and commits last.
        await using var slow = new NpgsqlConnection(db.Database.GetConnectionString());
        await using var fast = new NpgsqlConnection(db.Database.GetConnectionString());
        await slow.OpenAsync();
        await fast.OpenAsync();
        await using var slowTransaction = await slow.BeginTransactionAsync();
        var lower = await InsertAsync(slow, slowTransaction, enrollmentId, therapist.Id, "langsom");
        var higher = await InsertAsync(fast, null, enrollmentId, therapist.Id, "rask");
        Assert.True(lower < higher);

        var first = await messages.ThreadAsync(access);
        Assert.Equal([higher], first.Select(m => m.Id)); // the lower one is not visible yet
        await slowTransaction.CommitAsync();

        var next = await messages.ThreadAsync(access, afterId: first.Max(m => m.Id));
        Assert.Contains(lower, next.Select(m => m.Id));
        Assert.Equal(next.Select(m => m.Id).Distinct(), next.Select(m => m.Id)); // each once
    }

    private static async Task<long> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid enrollmentId,
        string senderId, string body)
    {
        await using var insert = new NpgsqlCommand("""
            INSERT INTO "Messages" ("EnrollmentId", "SenderId", "SenderName", "FromPatient", "Body", "ClientId", "SentAt")
            VALUES (@enrollment, @sender, 'Tone Terapeut', false, @body, @client, now()) RETURNING "Id"
            """, connection, transaction);
        insert.Parameters.AddWithValue("enrollment", enrollmentId);
        insert.Parameters.AddWithValue("sender", senderId);
        insert.Parameters.AddWithValue("body", body);
        insert.Parameters.AddWithValue("client", Guid.NewGuid());
        return (long)(await insert.ExecuteScalarAsync())!;
    }
}
