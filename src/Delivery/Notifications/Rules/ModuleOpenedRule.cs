using ContentPlatform.Delivery.Data;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Notifications.Rules;

/// <summary>A therapist opened a module for the patient: <c>module-opened:{enrollmentId}:{moduleId}</c>.</summary>
public sealed class ModuleOpenedRule(DeliveryDbContext db) : INotificationRule
{
    /// <summary>Openings older than this are not announced (a new installation must not announce old openings).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(2);

    public async Task<IReadOnlyList<DueNotification>> DueAsync(DateTimeOffset now, CancellationToken ct)
    {
        // The time filter runs here, not in SQL: SQLite cannot compare DateTimeOffset columns. One narrow query still.
        var openings = await (
            from o in db.ModuleOpenings
            join e in db.Enrollments on o.EnrollmentId equals e.Id
            where e.PatientId != null
            select new { o.EnrollmentId, o.ModuleId, e.PatientId, o.OpenedAt }).AsNoTracking().ToListAsync(ct);
        return openings.Where(o => o.OpenedAt > now - Window && o.OpenedAt <= now)
            .Select(o => new DueNotification($"{NotificationKinds.ModuleOpened}:{o.EnrollmentId}:{o.ModuleId}", o.PatientId!, o.EnrollmentId,
                NotificationKinds.ModuleOpened))
            .ToList();
    }
}
