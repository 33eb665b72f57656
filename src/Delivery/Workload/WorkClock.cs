using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ContentPlatform.Platform.Hosting;

namespace ContentPlatform.Delivery.Workload;

/// <summary>
/// Measures a therapist's time per patient from their own requests, on the server: opening a patient's record or thread
/// starts a session for that patient; the next action ends it — another patient, the caseload, sending a reply or saving
/// a note (then the session counts as writing). A session counts at most <see cref="WorkloadOptions.SessionCap"/>, so an
/// open tab is not a working day; one nobody ended is closed at the cap in the background (<see cref="AbandonedSessions"/>),
/// or sooner when its owner looks at their time.
/// Only callers that have checked the care team open sessions; ending one needs nothing but the staff id.
/// </summary>
public sealed class WorkClock(DeliveryDbContext db, DeliveryWriteGate gate, TimeProvider clock, IOptions<WorkloadOptions> options, NorwegianTime time)
{
    private TimeSpan Cap => options.Value.SessionCap;

    /// <summary>Staff opened this patient's record or thread: a session for them starts, unless one is already running.</summary>
    public async Task OpenAsync(string staffId, Guid enrollmentId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var open = await db.WorkSessions.AsNoTracking().FirstOrDefaultAsync(s => s.StaffUserId == staffId, ct);
        if (open is not null && open.EnrollmentId == enrollmentId && now - open.StartedAt < Cap)
        {
            return; // still the same piece of work (the record, then the thread, of one patient)
        }
        using (await gate.EnterAsync(ct))
        {
            await CloseAsync(staffId, now, WorkSources.Reading, ct);
            db.WorkSessions.Add(new WorkSession { StaffUserId = staffId, EnrollmentId = enrollmentId, StartedAt = now });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Two tabs at once on PostgreSQL (no write gate there): the other request's session stands.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>A reply or note about this patient was sent: the running session for them ends and counts as writing.</summary>
    public async Task WroteAsync(string staffId, Guid enrollmentId, string source, CancellationToken ct)
    {
        if (!await db.WorkSessions.AnyAsync(s => s.StaffUserId == staffId && s.EnrollmentId == enrollmentId, ct))
        {
            return; // sent without opening anything we saw (an API client): nothing measured, nothing guessed
        }
        using (await gate.EnterAsync(ct))
        {
            await CloseAsync(staffId, clock.GetUtcNow(), source, ct);
        }
    }

    /// <summary>
    /// <see cref="WroteAsync"/> for a caller that has already seen this patient's session running (the message INSERT
    /// asks on PostgreSQL, saving a round trip per reply): it ends and counts as writing.
    /// </summary>
    public async Task WroteInSessionAsync(string staffId, string source, CancellationToken ct)
    {
        using (await gate.EnterAsync(ct))
        {
            await CloseAsync(staffId, clock.GetUtcNow(), source, ct);
        }
    }

    /// <summary>Staff left the patient (went to the caseload, or to their own time): the running session ends.</summary>
    public async Task LeaveAsync(string staffId, CancellationToken ct)
    {
        if (!await db.WorkSessions.AnyAsync(s => s.StaffUserId == staffId, ct))
        {
            return;
        }
        using (await gate.EnterAsync(ct))
        {
            await CloseAsync(staffId, clock.GetUtcNow(), WorkSources.Reading, ct);
        }
    }

    /// <summary>Sessions nobody ended, closed at the cap (before anyone reads a week's load).</summary>
    public Task CloseAbandonedAsync(CancellationToken ct) => CloseAbandonedAsync(Cap, ct);

    /// <summary>Sessions started at least <paramref name="idle"/> ago, closed at the cap (the background pass waits longer
    /// than the cap, see <see cref="AbandonedSessions"/>).</summary>
    public async Task CloseAbandonedAsync(TimeSpan idle, CancellationToken ct)
    {
        var before = clock.GetUtcNow() - idle;
        // One row per member of staff at work right now: small enough to filter here (SQLite cannot compare the times).
        var abandoned = (await db.WorkSessions.AsNoTracking().ToListAsync(ct)).Where(s => s.StartedAt <= before).Select(s => s.StaffUserId).ToList();
        if (abandoned.Count == 0)
        {
            return;
        }
        using (await gate.EnterAsync(ct))
        {
            foreach (var staffId in abandoned)
            {
                await CloseAsync(staffId, clock.GetUtcNow(), WorkSources.Reading, ct);
            }
        }
    }

    /// <summary>Whole minutes a session counts: capped, rounded, and at least one (it was opened, so some work was done).</summary>
    public static int Minutes(TimeSpan duration, TimeSpan cap) =>
        Math.Max(1, (int)Math.Round((duration < TimeSpan.Zero ? TimeSpan.Zero : duration > cap ? cap : duration).TotalMinutes,
            MidpointRounding.AwayFromZero));

    /// <summary>Ends the staff's session, if any, as one time entry. The caller holds the write gate.</summary>
    private async Task CloseAsync(string staffId, DateTimeOffset end, string source, CancellationToken ct)
    {
        var open = await db.WorkSessions.FirstOrDefaultAsync(s => s.StaffUserId == staffId, ct);
        if (open is null)
        {
            return;
        }
        db.WorkSessions.Remove(open);
        db.StaffTimeEntries.Add(new StaffTimeEntry
        {
            EnrollmentId = open.EnrollmentId, StaffUserId = staffId, Minutes = Minutes(end - open.StartedAt, Cap), At = open.StartedAt,
            Day = Week.DayOf(open.StartedAt, time.Zone),
            Source = source, RecordedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
    }
}
