using ContentPlatform.Delivery.Data;
using ContentPlatform.Platform.Hosting;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Notifications;

/// <summary>The patient's notification settings and every notification sent to them, for the data download.</summary>
/// <param name="Saved">False while the program's defaults apply (the patient has not saved /my/settings).</param>
/// <param name="QuietHours">"22–07" in Norwegian time, or null when there are none.</param>
public sealed record NotificationsData(bool Email, bool Sms, string? MobileNumber, string? QuietHours, bool Saved,
    IReadOnlyList<SentNotificationData> Sent);

/// <summary>One notification: its kind (what the texts said, never more), its channels and its times in Norwegian time.</summary>
public sealed record SentNotificationData(string Kind, string Channels, string State, DateTimeOffset Created, DateTimeOffset? Sent);

/// <summary>
/// Collects <see cref="NotificationsData"/> for the right of access (GDPR art. 15): the phone number and the sent list are
/// personal data like the rest. Times are converted to the display zone (Europe/Oslo), as /my/settings shows them.
/// </summary>
public sealed class NotificationExport(DeliveryDbContext db, NotificationHistory history, NorwegianTime time)
{
    public async Task<NotificationsData> CollectAsync(string patientId, CancellationToken ct)
    {
        var settings = await history.PreferencesAsync(patientId, ct);
        var rows = await db.Notifications.AsNoTracking().Where(n => n.PatientId == patientId).OrderBy(n => n.Id)
            .Select(n => new { n.Kind, n.Channels, n.State, n.CreatedAtMs, n.SentAtMs }).ToListAsync(ct);
        return new NotificationsData(settings.Email, settings.Sms, settings.Phone,
            settings.QuietFromHour == settings.QuietUntilHour ? null : $"{settings.QuietFromHour:00}–{settings.QuietUntilHour:00}",
            settings.Saved,
            rows.Select(n => new SentNotificationData(n.Kind, n.Channels, n.State.ToString(), Local(n.CreatedAtMs),
                n.SentAtMs is { } sent ? Local(sent) : null)).ToList());
    }

    private DateTimeOffset Local(long ms) => time.Local(DateTimeOffset.FromUnixTimeMilliseconds(ms));
}
