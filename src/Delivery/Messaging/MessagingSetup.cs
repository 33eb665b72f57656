using ContentPlatform.Delivery.Realtime;

namespace ContentPlatform.Delivery.Messaging;

public static class MessagingSetup
{
    /// <summary>Messages between patients and care teams. Needs <see cref="RealtimeSetup.AddRealtime"/> for delivery.</summary>
    public static WebApplicationBuilder AddMessaging(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<MessageService>();
        builder.Services.AddSingleton<MessageWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MessageWriter>());
        return builder;
    }

    /// <summary>The message API under /api/messages (the hub is mapped by MapRealtime).</summary>
    public static WebApplication MapMessaging(this WebApplication app)
    {
        app.MapMessageApi();
        return app;
    }
}
