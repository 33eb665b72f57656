using ContentPlatform.Contract.Releases;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Platform.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Delivery.Notifications;

/// <summary>
/// Sends due notifications, the mail outbox's way: each row is claimed with one conditional UPDATE (still pending, due,
/// unclaimed or its claim ran out), so with several instances exactly one sends it. Then, outside the patient's quiet
/// hours, the e-mail goes into the outbox (<see cref="MailOutbox.QueueMail"/>, in one transaction with the row's mark, so
/// a retry never queues it twice) and the SMS to the gateway; a failed SMS is retried with exponential back-off. In-app
/// notices need no sending: the home page lists the rows.
/// </summary>
public sealed class NotificationDispatcher(IServiceScopeFactory scopes, TimeProvider clock, DeliveryWriteGate gate, SmsGateway sms,
    ProgramReminders programs, IOptions<NotificationOptions> options, MailOptions mail, IConfiguration configuration,
    ILogger<NotificationDispatcher> logger)
{
    public static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(2);
    private const int BatchSize = 100;
    private readonly string _owner = $"{Guid.NewGuid():N}:{Environment.ProcessId}";

    /// <summary>One pass over what is due; returns how many notifications finished sending.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var due = await db.Notifications.AsNoTracking()
            .Where(n => n.State == NotificationState.Pending && n.NextAttemptAtMs <= now && (n.ClaimedUntilMs == null || n.ClaimedUntilMs < now))
            .OrderBy(n => n.NextAttemptAtMs).Select(n => n.Id).Take(BatchSize).ToListAsync(ct);
        var sent = 0;
        foreach (var id in due)
        {
            now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            var until = now + (long)ClaimDuration.TotalMilliseconds;
            int claimed;
            using (await gate.EnterAsync(ct))
            {
                claimed = await db.Notifications
                    .Where(n => n.Id == id && n.State == NotificationState.Pending && n.NextAttemptAtMs <= now
                        && (n.ClaimedUntilMs == null || n.ClaimedUntilMs < now))
                    .ExecuteUpdateAsync(s => s.SetProperty(n => n.ClaimedBy, _owner).SetProperty(n => n.ClaimedUntilMs, until), ct);
            }
            if (claimed == 1 && await SendOneAsync(scope.ServiceProvider, db, id, ct))
            {
                sent++;
            }
        }
        return sent;
    }

    private async Task<bool> SendOneAsync(IServiceProvider services, DeliveryDbContext db, long id, CancellationToken ct)
    {
        var n = await db.Notifications.AsNoTracking().SingleAsync(x => x.Id == id, ct);
        var patient = await db.Users.AsNoTracking().Where(u => u.Id == n.PatientId)
            .Select(u => new { u.Email, u.PreferredCulture, u.PhoneNumber }).FirstOrDefaultAsync(ct);
        var programId = await db.Enrollments.AsNoTracking().Where(e => e.Id == n.EnrollmentId).Select(e => e.ProgramId).FirstOrDefaultAsync(ct);
        var chosen = await ChannelsAsync(db, n.PatientId, programId, ct);
        // An ID-porten sign-up has no mailbox, only a placeholder: mailing it would only fail and retry in the outbox, so
        // such a patient is reminded in-app and by SMS.
        var email = chosen.Email && Identity.DeliveryExternalAccounts.HasMailbox(patient?.Email);
        var phone = chosen.Sms && sms.Enabled ? chosen.Phone : null;
        var now = clock.GetUtcNow();
        if ((email || phone is not null) && QuietHours.EndOf(now, chosen.QuietFromHour, chosen.QuietUntilHour) is { } end)
        {
            await ReleaseAsync(db, id, s => s.SetProperty(x => x.NextAttemptAtMs, end.ToUnixTimeMilliseconds()));
            return false;
        }
        var texts = services.GetRequiredService<NotificationTexts>()
            .For(n.Kind, n.EnrollmentId, patient?.PreferredCulture ?? "nb", BaseUrl());
        var used = "inapp";
        if (email)
        {
            used += ",email";
            if (n.EmailQueuedAtMs is null)
            {
                await QueueMailAsync(db, id, patient!.Email!, patient.PreferredCulture, texts, now, ct);
            }
        }
        if (phone is not null)
        {
            used += ",sms";
            if (n.SmsSentAtMs is null)
            {
                var result = await sms.SendAsync(phone, texts.Sms, ct);
                if (!result.Sent)
                {
                    var attempts = n.Attempts + 1;
                    var giveUp = result.Permanent || attempts >= options.Value.SmsMaxAttempts;
                    var next = now + Backoff(attempts);
                    await ReleaseAsync(db, id, s => s.SetProperty(x => x.Attempts, attempts).SetProperty(x => x.LastError, result.Error)
                        .SetProperty(x => x.NextAttemptAtMs, next.ToUnixTimeMilliseconds())
                        .SetProperty(x => x.State, giveUp ? NotificationState.Failed : NotificationState.Pending)
                        .SetProperty(x => x.SentAtMs, giveUp ? now.ToUnixTimeMilliseconds() : (long?)null)
                        .SetProperty(x => x.Channels, giveUp ? used : n.Channels));
                    logger.LogInformation("Notification {NotificationId} SMS attempt {Attempts} failed ({Error}){GiveUp}", id, attempts, result.Error,
                        giveUp ? "; given up" : "");
                    return false;
                }
                await ReleaseAsync(db, id, s => s.SetProperty(x => x.SmsSentAtMs, now.ToUnixTimeMilliseconds()), keepClaim: true);
            }
        }
        await ReleaseAsync(db, id, s => s.SetProperty(x => x.State, NotificationState.Sent)
            .SetProperty(x => x.SentAtMs, now.ToUnixTimeMilliseconds()).SetProperty(x => x.Channels, used).SetProperty(x => x.LastError, (string?)null));
        return true;
    }

    /// <summary>The patient's choice, else their program's defaults (an SMS default needs a number on the account).</summary>
    internal async Task<(bool Email, bool Sms, string? Phone, int QuietFromHour, int QuietUntilHour)> ChannelsAsync(DeliveryDbContext db,
        string patientId, string? programId, CancellationToken ct)
    {
        var own = await db.NotificationPreferences.AsNoTracking().FirstOrDefaultAsync(p => p.PatientId == patientId, ct);
        if (own is not null)
        {
            return (own.Email, own.Sms && own.Phone is not null, own.Phone, own.QuietFromHour, own.QuietUntilHour);
        }
        var defaults = programId is null ? ProgramReminders.Defaults : await programs.ForAsync(programId, ct);
        return (defaults.Channels.Contains(ReminderSettings.Email), false, null, defaults.QuietFromHour, defaults.QuietUntilHour);
    }

    private async Task QueueMailAsync(DeliveryDbContext db, long id, string to, string culture, NotificationText texts, DateTimeOffset now,
        CancellationToken ct)
    {
        using (await gate.EnterAsync(ct))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.QueueMail(new MailDraft(to, culture is "nn" ? "nn" : "nb", texts.Subject, texts.MailBody));
            await db.SaveChangesAsync(ct);
            await db.Notifications.Where(x => x.Id == id && x.ClaimedBy == _owner)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.EmailQueuedAtMs, now.ToUnixTimeMilliseconds()), ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    private async Task ReleaseAsync(DeliveryDbContext db, long id,
        Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<Notification>> set, bool keepClaim = false)
    {
        using (await gate.EnterAsync(CancellationToken.None))
        {
            await db.Notifications.Where(x => x.Id == id && x.ClaimedBy == _owner).ExecuteUpdateAsync(s =>
            {
                set(s);
                if (!keepClaim)
                {
                    s.SetProperty(x => x.ClaimedBy, (string?)null).SetProperty(x => x.ClaimedUntilMs, (long?)null);
                }
            }, CancellationToken.None);
        }
    }

    /// <summary>Links in texts: Mail:PublicBaseUrl, else the first address the app listens on.</summary>
    private string BaseUrl() => mail.PublicBaseUrl is { Length: > 0 } url ? url
        : (configuration["Urls"] ?? "http://localhost:5000").Split(';')[0];

    private TimeSpan Backoff(int attempts)
    {
        var delay = options.Value.SmsFirstRetryDelay * Math.Pow(2, Math.Min(attempts - 1, 20));
        var capped = delay < TimeSpan.FromHours(6) ? delay : TimeSpan.FromHours(6);
        return capped * (1 + (Random.Shared.NextDouble() * 0.2));
    }
}
