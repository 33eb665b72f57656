using ContentPlatform.Platform.Hosting;
using ContentPlatform.Delivery.Realtime;
using Microsoft.AspNetCore.Http.Connections;

namespace ContentPlatform.Delivery.Messaging;

public static class MessagingSetup
{
    /// <summary>Messages between patients and care teams, live over the care hub (needs <see cref="RealtimeSetup.AddRealtime"/>).</summary>
    public static WebApplicationBuilder AddMessaging(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<MessageService>();
        builder.Services.AddStartupOptions<MessagingOptions>(MessagingOptions.Section, MessagingOptions.Check);
        builder.Services.AddSingleton<ThreadAccessCache>();
        builder.Services.AddSingleton<ContentPlatform.Platform.Hosting.IAccessRevocationObserver>(sp => sp.GetRequiredService<ThreadAccessCache>());
        builder.Services.AddSingleton<MessageWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MessageWriter>());
        builder.Services.AddRealtimeHub<CareHub>();
        return builder;
    }

    /// <summary>
    /// The message API under /api/messages and /hubs/care over WebSockets only. Clients skip negotiation, so a
    /// connection is one long-lived request that stays on whichever instance the load balancer chose: no sticky
    /// sessions, and the Redis backplane carries events between instances. (Long polling and server-sent events need
    /// negotiate + follow-up requests on the same instance, i.e. stickiness.)
    /// </summary>
    public static WebApplication MapMessaging(this WebApplication app)
    {
        app.MapMessageApi();
        app.MapHub<CareHub>("/hubs/care", o => o.Transports = HttpTransportType.WebSockets);
        return app;
    }
}
