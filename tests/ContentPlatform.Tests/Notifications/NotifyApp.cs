using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Notifications;
using ContentPlatform.Platform.Mail;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ContentPlatform.Tests.Notifications;

/// <summary>
/// Delivery on a test clock, with the notification worker off: tests run sweeps and dispatch passes themselves, so every
/// pass is at a known instant. Several may share one database (two instances, a restart).
/// </summary>
internal sealed class NotifyApp(TestDatabase database, FakeTimeProvider clock, IDictionary<string, string?> settings, bool ownsDatabase = true)
    : AppFactory<DeliveryApp>(database, WithDefaults(settings), ownsDatabase)
{
    public FakeTimeProvider Clock { get; } = clock;

    public static async Task<NotifyApp> CreateAsync(Db db, FakeTimeProvider clock, IDictionary<string, string?>? settings = null) =>
        new(await TestDatabase.CreateAsync(db, "delivery"), clock, settings ?? new Dictionary<string, string?>());

    private static Dictionary<string, string?> WithDefaults(IDictionary<string, string?> settings) =>
        new(settings) { ["Notifications:Enabled"] = "false", ["Notifications:SmsFirstRetryDelay"] = "00:01:00" };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    public Task<int> SweepAsync() => Services.GetRequiredService<NotificationSweep>().RunAsync(CancellationToken.None);

    public Task<int> DispatchAsync() => Services.GetRequiredService<NotificationDispatcher>().DispatchDueAsync(CancellationToken.None);

    public Task<List<Notification>> NotificationsAsync() =>
        this.DbAsync(db => db.Notifications.AsNoTracking().OrderBy(n => n.Id).ToListAsync());

    public Task<List<OutboxMail>> MailsAsync() => this.DbAsync(db => db.Set<OutboxMail>().AsNoTracking().OrderBy(m => m.Id).ToListAsync());

    public Task ChooseAsync(string patientId, bool email, bool sms, string? phone = null, int quietFrom = 0, int quietUntil = 0) =>
        this.DbAsync(async db =>
        {
            db.NotificationPreferences.Add(new NotificationPreferences
            {
                PatientId = patientId, Email = email, Sms = sms, Phone = phone, QuietFromHour = quietFrom, QuietUntilHour = quietUntil,
            });
            await db.SaveChangesAsync();
        });
}
