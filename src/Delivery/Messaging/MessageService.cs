using System.Collections.Concurrent;
using System.Security.Claims;
using ContentPlatform.Platform.Hosting;
using ContentPlatform.Contract.Text;
using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Realtime;
using ContentPlatform.Delivery.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Messaging;

/// <summary>
/// Who is in a thread and as which side, and the thread's care team (whom its events go to). Only
/// <see cref="MessageService.AccessAsync"/> makes one.
/// </summary>
public sealed record ThreadAccess(Guid EnrollmentId, string UserId, bool AsPatient, string ProgramId, string? PatientId, string UserName,
    IReadOnlyList<string> CareTeam);

/// <summary>A message as clients see it (HTTP, hub, realtime events): the same shape everywhere.</summary>
public sealed record MessageView(long Id, Guid EnrollmentId, string SenderName, bool FromPatient, string Body, Guid ClientId,
    DateTimeOffset SentAt, DateTimeOffset? ReadAt)
{
    /// <summary>
    /// When it was sent as people read it ("i dag 14:05"), made by the same formatter as the server-rendered thread, so
    /// a message that arrives live shows the same text as after a reload, whatever the browser's own time zone.
    /// </summary>
    public string SentAtText { get; init; } = "";

    public static MessageView From(Message m, NorwegianTime time) =>
        new(m.Id, m.EnrollmentId, m.SenderName, m.FromPatient, m.Body, m.ClientId, m.SentAt, m.ReadAt) { SentAtText = time.Moment(m.SentAt) };
}

public enum SendProblem
{
    None,
    Empty,
    TooLong,
}

public sealed record SendResult(MessageView? Message, SendProblem Problem, bool Duplicate = false);

/// <summary>The other side has read everything up to <see cref="UpTo"/>; the sender's pages show "Lest".</summary>
public sealed record ReadReceipt(Guid EnrollmentId, long UpTo, bool ByPatient, DateTimeOffset ReadAt);

/// <summary>A care-team member's notice that a thread changed (caseloads re-sort on it).</summary>
public sealed record ThreadChanged(Guid EnrollmentId, long MessageId, bool FromPatient);

/// <summary>
/// Messages between a patient and the care team of one enrollment. Every entry point first turns (user, enrollment) into
/// a <see cref="ThreadAccess"/> — a patient only for their own enrollment, staff only through <see cref="CareTeamAccess"/>
/// — and callers answer a null with 404, so nobody learns whether someone else's thread exists. A message is committed
/// before any realtime event mentions it, and a resend with the same client id returns the stored message.
/// </summary>
public sealed class MessageService(DeliveryDbContext db, CareTeamAccess careTeams, DeliveryWriteGate gate, MessageWriter writer, IRealtimeBus bus,
    TimeProvider clock, Reading.PatientPageCache pages, NorwegianTime time, Workload.WorkClock work, ThreadAccessCache recent)
{
    /// <summary>
    /// Staff in care who signed in with their second factor. A staff session without it (only possible before enrolling
    /// an authenticator) gets nothing here, as it gets nothing from the staff pages; the API and the hub refuse it
    /// before this is asked (their policies want the second factor from staff).
    /// </summary>
    public static bool IsStaff(ClaimsPrincipal user) =>
        (user.IsInRole(DeliveryRoles.Therapist) || user.IsInRole(DeliveryRoles.ClinicAdmin)) && user.HasSecondFactor();

    /// <summary>
    /// Whether this patient has someone to write to: a care team on at least one of their enrollments. Course takers
    /// have none, so they are offered no messages and no "write to your therapist".
    /// </summary>
    public Task<bool> HasCareTeamAsync(ClaimsPrincipal user, CancellationToken ct = default) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId && user.IsInRole(DeliveryRoles.Patient)
            ? db.CareTeamMembers.AnyAsync(m => db.Enrollments.Any(e => e.Id == m.EnrollmentId && e.PatientId == userId), ct)
            : Task.FromResult(false);

    /// <summary>
    /// One round trip, because a hub Send asks this for every message: the enrollment, its care team (membership is
    /// CareTeamAccess's rule: being in the team) and the caller's name. Compiled once: in a profile of 200 messages/s,
    /// translating the LINQ tree on every call (parameter extraction, cache lookup) was the largest cost of a Send.
    /// One compiled query per provider's context type: a compiled query keeps the first provider's executor, and the
    /// tests run SQLite and PostgreSQL in one process.
    /// </summary>
    private static readonly ConcurrentDictionary<Type, Func<DeliveryDbContext, Guid, string, CancellationToken, Task<ThreadAccessRow?>>> AccessQueries = new();

    private static Func<DeliveryDbContext, Guid, string, CancellationToken, Task<ThreadAccessRow?>> CompileAccessQuery(Type _) =>
        EF.CompileAsyncQuery((DeliveryDbContext db, Guid enrollmentId, string userId, CancellationToken ct) =>
            db.Enrollments.AsNoTracking().Where(e => e.Id == enrollmentId && e.PatientId != null)
                .Select(e => new ThreadAccessRow(e.ProgramId, e.PatientId,
                    db.CareTeamMembers.Where(m => m.EnrollmentId == e.Id).Select(m => m.StaffUserId).ToList(),
                    db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefault()))
                .FirstOrDefault());

    public Task<ThreadAccess?> AccessAsync(ClaimsPrincipal user, Guid enrollmentId, CancellationToken ct = default) =>
        AccessAsync(user, enrollmentId, cached: false, ct);

    /// <summary>
    /// <see cref="AccessAsync(ClaimsPrincipal, Guid, CancellationToken)"/> with the database's answer kept for a few seconds
    /// (<see cref="ThreadAccessCache"/>, evicted by every revocation on every instance): for the hub's <c>Send</c>, where
    /// the query was one of a message's two PostgreSQL round trips. Joining a thread and reading it ask the database.
    /// </summary>
    public Task<ThreadAccess?> RecentAccessAsync(ClaimsPrincipal user, Guid enrollmentId, CancellationToken ct = default) =>
        AccessAsync(user, enrollmentId, cached: true, ct);

    private async Task<ThreadAccess?> AccessAsync(ClaimsPrincipal user, Guid enrollmentId, bool cached, CancellationToken ct)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            return null;
        }
        var row = cached ? recent.Find(enrollmentId, userId) : null;
        if (row is null)
        {
            var generation = recent.Generation;
            row = await AccessQueries.GetOrAdd(db.GetType(), CompileAccessQuery)(db, enrollmentId, userId, ct);
            if (row is not null)
            {
                recent.Keep(enrollmentId, userId, row, generation);
            }
        }
        if (row is null)
        {
            return null; // an invitation not yet accepted has no patient to write to
        }
        // A thread is with a care team: a self-paced course has none, so there is nobody for its patient to write to.
        if (user.IsInRole(DeliveryRoles.Patient) && row.PatientId == userId && row.Team.Count > 0)
        {
            return new(enrollmentId, userId, AsPatient: true, row.ProgramId, row.PatientId, row.Name ?? "", row.Team);
        }
        if (IsStaff(user) && row.Team.Contains(userId))
        {
            return new(enrollmentId, userId, AsPatient: false, row.ProgramId, row.PatientId, row.Name ?? "", row.Team);
        }
        return null;
    }

    public async Task<SendResult> SendAsync(ThreadAccess access, string? text, Guid clientId, CancellationToken ct = default)
    {
        // Bidi overrides and control characters removed; only-invisible text is empty (docs/security.md, TextInput).
        var body = TextInput.Body(text);
        if (body.Length == 0)
        {
            return new(null, SendProblem.Empty);
        }
        if (body.Length > Message.MaxLength)
        {
            return new(null, SendProblem.TooLong);
        }
        clientId = clientId == Guid.Empty ? Guid.NewGuid() : clientId;
        var message = new Message
        {
            EnrollmentId = access.EnrollmentId, SenderId = access.UserId, SenderName = access.UserName, FromPatient = access.AsPatient,
            Body = body, ClientId = clientId, SentAt = clock.GetUtcNow(),
        };
        bool? workSessionOpen = null; // asked by the PostgreSQL INSERT for staff; unknown on SQLite
        var storing = DeliveryTelemetry.Source.StartActivity("message store"); // ends in finally, before the fan-out
        try
        {
            if (db.Database.IsSqlite())
            {
                message = await writer.StoreAsync(message, ct); // batched by the single SQLite writer
            }
            else
            {
                // PostgreSQL takes an id at INSERT and shows the row at COMMIT, so two senders in one thread could become
                // visible out of id order, and a catch-up "after id N" taken in between would skip the slower one for
                // good. A per-thread transaction lock makes one thread's ids commit in order; threads do not wait on each
                // other. Lock and insert are one statement (its own transaction), so a send is one round trip, not four.
                // The same statement asks whether a staff sender has a work session for this patient running (WorkClock),
                // which was a round trip of its own on every staff message.
                var stored = (await db.Database.SqlQuery<StoredRow>($"""
                    WITH thread_lock AS (SELECT pg_advisory_xact_lock({ThreadLockKey(access.EnrollmentId)})),
                    stored AS (
                        INSERT INTO "Messages" ("EnrollmentId", "SenderId", "SenderName", "FromPatient", "Body", "ClientId", "SentAt")
                        SELECT {message.EnrollmentId}, {message.SenderId}, {message.SenderName}, {message.FromPatient}, {message.Body},
                               {message.ClientId}, {message.SentAt} FROM thread_lock
                        RETURNING "Id")
                    SELECT "Id", NOT {access.AsPatient} AND EXISTS (SELECT 1 FROM "WorkSessions" w
                        WHERE w."StaffUserId" = {access.UserId} AND w."EnrollmentId" = {access.EnrollmentId}) AS "WorkSessionOpen"
                    FROM stored
                    """).ToListAsync(ct)).Single();
                workSessionOpen = stored.WorkSessionOpen;
                message = new Message
                {
                    Id = stored.Id, EnrollmentId = message.EnrollmentId, SenderId = message.SenderId, SenderName = message.SenderName,
                    FromPatient = message.FromPatient, Body = message.Body, ClientId = message.ClientId, SentAt = message.SentAt,
                };
            }
        }
        catch (Exception e) when (e is DbUpdateException or Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // A resend (same sender, same client id) hits the unique index: answer with the stored message. Inserting first
            // keeps the common case to one statement; resends are rare.
            db.ChangeTracker.Clear();
            var earlier = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.SenderId == access.UserId && m.ClientId == clientId, ct);
            if (earlier is not null && earlier.EnrollmentId == access.EnrollmentId)
            {
                return new(MessageView.From(earlier, time), SendProblem.None, Duplicate: true);
            }
            throw; // not a resend (or a client reusing an id across threads): a real failure
        }
        finally
        {
            storing?.Dispose();
        }
        DeliveryTelemetry.MessagesStored.Add(1, DeliveryTelemetry.Sender(access.AsPatient));
        var view = MessageView.From(message, time);
        // The unread count in the patient's page header changed: evicted here before the event (a page the patient loads
        // on it is fresh), and on the other instances after the fan-out. Telling them waits until every instance has
        // acted (up to 2 s, RedisInstanceSignals); before the fan-out that wait was in every therapist message's latency.
        var patientPages = access.AsPatient || access.PatientId is null ? null : Reading.PatientPageCache.PatientTag(access.PatientId);
        if (patientPages is not null)
        {
            await pages.EvictHereAsync(patientPages, ct);
        }
        using (DeliveryTelemetry.Source.StartActivity("message fan-out"))
        {
            await bus.PublishAsync(RealtimeGroups.Enrollment(access.EnrollmentId), "message", view, ct);
            foreach (var member in access.CareTeam)
            {
                await bus.PublishAsync(RealtimeGroups.Staff(member), "thread", new ThreadChanged(access.EnrollmentId, message.Id, message.FromPatient), ct);
            }
        }
        DeliveryTelemetry.MessagesDelivered.Add(1, DeliveryTelemetry.Sender(access.AsPatient));
        if (patientPages is not null)
        {
            await pages.EvictElsewhereAsync(patientPages, ct);
        }
        if (!access.AsPatient)
        {
            // After the fan-out, so measuring the therapist's time adds nothing to the patient's wait for the message;
            // on PostgreSQL the INSERT already said whether there is a session to end (usually not: only the first reply
            // after opening the thread ends one), so a reply costs no extra round trip.
            if (workSessionOpen is null)
            {
                await work.WroteAsync(access.UserId, access.EnrollmentId, Workload.WorkSources.Reply, ct);
            }
            else if (workSessionOpen.Value)
            {
                await work.WroteInSessionAsync(access.UserId, Workload.WorkSources.Reply, ct);
            }
        }
        return new(view, SendProblem.None);
    }

    /// <summary>The PostgreSQL send's answer: the new id, and whether a staff sender's work session for the patient is running.</summary>
    internal sealed class StoredRow
    {
        public long Id { get; init; }
        public bool WorkSessionOpen { get; init; }
    }

    private static long ThreadLockKey(Guid enrollmentId) => BitConverter.ToInt64(enrollmentId.ToByteArray(), 0);

    /// <summary>
    /// How far below the id a catch-up starts from it looks again. An id is taken at INSERT and shown at COMMIT, so a
    /// message with a lower id can become visible after a higher one was read, and a catch-up strictly "after the
    /// highest id" would skip it for good. <see cref="SendAsync"/>'s per-thread lock keeps one thread's ids in commit order
    /// on PostgreSQL, but a writer outside it (a seed, a system message, a second code path later) would not be: the
    /// window re-reads the thread's messages among the last 10,000 ids of the whole table (10 s of the 1,000 msg/s
    /// benchmark), a handful in any one thread. Clients drop what they have by id (messages.js, the benchmark's client).
    /// </summary>
    public const long CatchUpMargin = 10_000;

    /// <summary>
    /// The thread in order, or a catch-up after <paramref name="afterId"/> (after a reconnect): everything above it,
    /// and the messages of the <see cref="CatchUpMargin"/> below it again, each id once.
    /// </summary>
    public async Task<List<MessageView>> ThreadAsync(ThreadAccess access, long afterId = 0, CancellationToken ct = default)
    {
        var from = afterId > 0 ? afterId - CatchUpMargin : 0;
        return (await db.Messages.AsNoTracking()
            .Where(m => m.EnrollmentId == access.EnrollmentId && m.Id > from)
            .OrderBy(m => m.Id)
            .Select(m => new MessageView(m.Id, m.EnrollmentId, m.SenderName, m.FromPatient, m.Body, m.ClientId, m.SentAt, m.ReadAt))
            .ToListAsync(ct))
            .Select(m => m with { SentAtText = time.Moment(m.SentAt) }).ToList();
    }

    /// <summary>
    /// Marks the other side's messages up to <paramref name="upToId"/> as read (first reading wins) and tells the
    /// thread, so the sender sees "Lest". Null when there was nothing new to mark.
    /// </summary>
    public async Task<ReadReceipt?> MarkReadAsync(ThreadAccess access, long upToId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        int marked;
        using (await gate.EnterAsync(ct))
        {
            marked = await db.Messages
                .Where(m => m.EnrollmentId == access.EnrollmentId && m.FromPatient != access.AsPatient && m.ReadAt == null && m.Id <= upToId)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.ReadAt, now), ct);
        }
        if (marked == 0)
        {
            return null;
        }
        if (access.AsPatient)
        {
            await pages.EvictPatientAsync(access.PatientId, ct);
        }
        var receipt = new ReadReceipt(access.EnrollmentId, upToId, access.AsPatient, now);
        await bus.PublishAsync(RealtimeGroups.Enrollment(access.EnrollmentId), "read", receipt, ct);
        if (access.AsPatient)
        {
            return receipt;
        }
        foreach (var member in access.CareTeam)
        {
            await bus.PublishAsync(RealtimeGroups.Staff(member), "thread", new ThreadChanged(access.EnrollmentId, upToId, FromPatient: true), ct);
        }
        return receipt;
    }

    /// <summary>Unread messages from the other side, per enrollment: a patient's own threads, or a staff member's care teams.</summary>
    public async Task<Dictionary<Guid, int>> UnreadAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            return [];
        }
        IQueryable<Message> unread;
        if (IsStaff(user))
        {
            var mine = careTeams.EnrollmentsOf(userId);
            unread = db.Messages.Where(m => m.FromPatient && m.ReadAt == null && mine.Contains(m.EnrollmentId));
        }
        else
        {
            var mine = db.Enrollments.Where(e => e.PatientId == userId).Select(e => e.Id);
            unread = db.Messages.Where(m => !m.FromPatient && m.ReadAt == null && mine.Contains(m.EnrollmentId));
        }
        return await unread.GroupBy(m => m.EnrollmentId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }

}
