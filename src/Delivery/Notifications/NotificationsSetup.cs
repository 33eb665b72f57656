using ContentPlatform.Delivery.Notifications.Rules;
using ContentPlatform.Platform.Hosting;

namespace ContentPlatform.Delivery.Notifications;

public static class NotificationsSetup
{
    /// <summary>
    /// Patient notifications: the rules, the sweep and dispatcher (a background worker on every instance), the SMS
    /// gateway adapter, and what the patient's and therapist's pages read. Needs the mail outbox (AddMailOutbox).
    /// </summary>
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddStartupOptions<NotificationOptions>(NotificationOptions.Section, NotificationOptions.Check);
        builder.Services.AddStartupOptions<SmsGatewayOptions>(SmsGatewayOptions.Section, SmsGatewayOptions.Check);
        // One long-lived client (the dispatcher is a singleton); pooled connections are renewed so DNS changes are seen.
        builder.Services.AddSingleton(sp => new SmsGateway(
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(15) },
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SmsGatewayOptions>>()));
        builder.Services.AddSingleton<ProgramReminders>();
        builder.Services.AddSingleton<NotificationTexts>();
        builder.Services.AddSingleton<NotificationSweep>();
        builder.Services.AddSingleton<NotificationDispatcher>();
        builder.Services.AddScoped<NotificationHistory>();
        builder.Services.AddScoped<NotificationExport>();
        builder.Services.AddNotificationRule<CareTeamMessageRule>();
        builder.Services.AddNotificationRule<ModuleOpenedRule>();
        builder.Services.AddNotificationRule<InactivityRule>();
        builder.Services.AddNotificationRule<ProgramEndRule>();
        builder.Services.AddNotificationRule<QuestionnaireDueRule>();
        builder.Services.AddHostedService<NotificationWorker>();
        return builder;
    }

    /// <summary>Adds a rule the sweep asks on every pass (scoped: it may take the DbContext).</summary>
    public static IServiceCollection AddNotificationRule<TRule>(this IServiceCollection services) where TRule : class, INotificationRule =>
        services.AddScoped<INotificationRule, TRule>();
}
