using ContentPlatform.Delivery.Data;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Notifications.Rules;

/// <summary>
/// Program end: the patient completed the last module (programs have no end date of their own; a guided program ends
/// when its work is done). Once per enrollment, <c>program-end:{enrollmentId}</c>, linking to the program page, where
/// the evaluation survey is offered.
/// </summary>
public sealed class ProgramEndRule(DeliveryDbContext db) : INotificationRule
{
    public async Task<IReadOnlyList<DueNotification>> DueAsync(DateTimeOffset now, CancellationToken ct)
    {
        var done = await db.Enrollments.AsNoTracking()
            .Where(e => e.PatientId != null && e.PercentComplete >= 100)
            .Select(e => new { e.Id, e.PatientId, e.LastActivityAt }).ToListAsync(ct);
        // Only programs finished lately (time test here: SQLite cannot compare DateTimeOffset columns).
        return done.Where(e => e.LastActivityAt is { } at && now - at < InactivityRule.Grace)
            .Select(e => new DueNotification($"{NotificationKinds.ProgramEnd}:{e.Id}", e.PatientId!, e.Id, NotificationKinds.ProgramEnd))
            .ToList();
    }
}
