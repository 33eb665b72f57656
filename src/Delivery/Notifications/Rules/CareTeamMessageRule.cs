using ContentPlatform.Delivery.Data;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Notifications.Rules;

/// <summary>
/// New messages from the care team: one notification per unread burst, not per message. A burst is what the patient has
/// not read yet; its first message names it (<c>message:{firstUnreadId}</c>), so more messages before the patient reads
/// add nothing, and the next message after reading starts a new burst.
/// </summary>
public sealed class CareTeamMessageRule(DeliveryDbContext db) : INotificationRule
{
    public async Task<IReadOnlyList<DueNotification>> DueAsync(DateTimeOffset now, CancellationToken ct)
    {
        var bursts = await (
            from first in db.Messages.Where(m => !m.FromPatient && m.ReadAt == null)
                .GroupBy(m => m.EnrollmentId).Select(g => new { EnrollmentId = g.Key, MessageId = g.Min(m => m.Id) })
            join e in db.Enrollments on first.EnrollmentId equals e.Id
            where e.PatientId != null
            select new { first.EnrollmentId, first.MessageId, e.PatientId }).AsNoTracking().ToListAsync(ct);
        return bursts.Select(b => new DueNotification($"{NotificationKinds.Message}:{b.MessageId}", b.PatientId!, b.EnrollmentId,
            NotificationKinds.Message)).ToList();
    }
}
