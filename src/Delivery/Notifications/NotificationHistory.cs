using ContentPlatform.Delivery.Data;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Notifications;

/// <summary>A notification as a list shows it: what kind, when it was sent (or created), on which channels.</summary>
public sealed record NotificationRow(long Id, string Kind, Guid EnrollmentId, DateTimeOffset CreatedAt, DateTimeOffset? SentAt,
    NotificationState State, string Channels, bool Read);

/// <summary>The patient's own settings as the form shows them (their saved choice, else their program's defaults).</summary>
public sealed record PreferenceChoice(bool Email, bool Sms, string? Phone, int QuietFromHour, int QuietUntilHour, bool Saved);

/// <summary>
/// What the pages read and write: a patient's notices, sent list and settings (always by their own user id, so no id in a
/// request can reach another patient's), and one enrollment's reminders for its care team (the page checks the team).
/// </summary>
public sealed class NotificationHistory(DeliveryDbContext db, NotificationDispatcher dispatcher, DeliveryWriteGate gate, TimeProvider clock)
{
    /// <summary>Notices the patient has not seen yet, newest first.</summary>
    public async Task<IReadOnlyList<NotificationRow>> UnreadNoticesAsync(string patientId, CancellationToken ct) =>
        await Rows(db.Notifications.Where(n => n.PatientId == patientId && n.ReadAtMs == null)).Take(10).ToListAsync(ct);

    /// <summary>Marks these notices seen (only the patient's own: the id list comes from their own query).</summary>
    public async Task MarkReadAsync(string patientId, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return;
        }
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        using (await gate.EnterAsync(ct))
        {
            await db.Notifications.Where(n => n.PatientId == patientId && ids.Contains(n.Id) && n.ReadAtMs == null)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAtMs, now), ct);
        }
    }

    public async Task<IReadOnlyList<NotificationRow>> ForPatientAsync(string patientId, CancellationToken ct) =>
        await Rows(db.Notifications.Where(n => n.PatientId == patientId)).Take(50).ToListAsync(ct);

    /// <summary>For the therapist's patient view: the caller has already checked that they are on the care team.</summary>
    public async Task<IReadOnlyList<NotificationRow>> ForEnrollmentAsync(Guid enrollmentId, CancellationToken ct) =>
        await Rows(db.Notifications.Where(n => n.EnrollmentId == enrollmentId)).Take(50).ToListAsync(ct);

    public async Task<PreferenceChoice> PreferencesAsync(string patientId, CancellationToken ct)
    {
        var own = await db.NotificationPreferences.AsNoTracking().FirstOrDefaultAsync(p => p.PatientId == patientId, ct);
        if (own is not null)
        {
            return new(own.Email, own.Sms, own.Phone, own.QuietFromHour, own.QuietUntilHour, true);
        }
        // The first program's defaults; ordered here because SQLite cannot order by a DateTimeOffset column.
        var programId = (await db.Enrollments.AsNoTracking().Where(e => e.PatientId == patientId)
            .Select(e => new { e.ProgramId, e.CreatedAt }).ToListAsync(ct)).OrderBy(e => e.CreatedAt).FirstOrDefault()?.ProgramId;
        var (email, _, _, from, until) = await dispatcher.ChannelsAsync(db, patientId, programId, ct);
        return new(email, false, null, from, until, false);
    }

    public async Task SavePreferencesAsync(string patientId, bool email, bool sms, string? phone, int quietFrom, int quietUntil, CancellationToken ct)
    {
        using (await gate.EnterAsync(ct))
        {
            var row = await db.NotificationPreferences.FirstOrDefaultAsync(p => p.PatientId == patientId, ct);
            if (row is null)
            {
                row = new NotificationPreferences { PatientId = patientId };
                db.NotificationPreferences.Add(row);
            }
            row.Email = email;
            row.Sms = sms;
            row.Phone = phone;
            row.QuietFromHour = quietFrom;
            row.QuietUntilHour = quietUntil;
            await db.SaveChangesAsync(ct);
        }
    }

    private static IQueryable<NotificationRow> Rows(IQueryable<Notification> query) => query.AsNoTracking().OrderByDescending(n => n.Id)
        .Select(n => new NotificationRow(n.Id, n.Kind, n.EnrollmentId, DateTimeOffset.FromUnixTimeMilliseconds(n.CreatedAtMs),
            n.SentAtMs == null ? null : DateTimeOffset.FromUnixTimeMilliseconds(n.SentAtMs.Value), n.State, n.Channels, n.ReadAtMs != null));
}
