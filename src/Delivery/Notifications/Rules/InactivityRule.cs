using System.Globalization;
using ContentPlatform.Delivery.Data;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Notifications.Rules;

/// <summary>
/// No activity for the program's <c>Reminders.InactiveDays</c> (default 7): one reminder per quiet stretch,
/// <c>inactive:{enrollmentId}:{lastActivityDay}</c> — new activity starts a new stretch and so, later, a new reminder.
/// Finished programs are left alone (the program-end notification has said what there is to say).
/// </summary>
public sealed class InactivityRule(DeliveryDbContext db, ProgramReminders programs) : INotificationRule
{
    /// <summary>
    /// A stretch that passed its threshold longer ago than this gets no reminder: a late reminder helps nobody, and a new
    /// installation must not remind every enrollment that went quiet long ago.
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromDays(14);

    public async Task<IReadOnlyList<DueNotification>> DueAsync(DateTimeOffset now, CancellationToken ct)
    {
        var days = (await programs.AllAsync(ct)).ToDictionary(p => p.Key, p => p.Value.InactiveDays, StringComparer.Ordinal);
        // One narrow query over active enrollments; the per-program threshold and the time test run here because SQLite
        // cannot compare DateTimeOffset columns (and the thresholds differ per program).
        var rows = await db.Enrollments.AsNoTracking()
            .Where(e => e.PatientId != null && e.PercentComplete < 100 && (e.LastActivityAt != null || e.StartedAt != null))
            .Select(e => new { e.Id, e.PatientId, e.ProgramId, Last = e.LastActivityAt ?? e.StartedAt })
            .ToListAsync(ct);
        var due = new List<DueNotification>();
        foreach (var e in rows)
        {
            var threshold = TimeSpan.FromDays(days.GetValueOrDefault(e.ProgramId, ProgramReminders.Defaults.InactiveDays));
            var quietFor = now - e.Last!.Value;
            if (quietFor >= threshold && quietFor < threshold + Grace)
            {
                var day = e.Last.Value.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
                due.Add(new($"{NotificationKinds.Inactive}:{e.Id}:{day}", e.PatientId!, e.Id, NotificationKinds.Inactive));
            }
        }
        return due;
    }
}
