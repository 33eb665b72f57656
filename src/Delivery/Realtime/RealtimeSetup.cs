using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ContentPlatform.Delivery.Realtime;

public static class RealtimeSetup
{
    /// <summary>
    /// SignalR for the care hub and the bus that fans events out: in-process with SQLite (one instance), PostgreSQL
    /// LISTEN/NOTIFY with Postgres (several instances on one database).
    /// </summary>
    public static WebApplicationBuilder AddRealtime(this WebApplicationBuilder builder)
    {
        builder.Services.AddSignalR(o =>
        {
            // Thread pages ping so a dead connection is noticed (and caught up) within half a minute.
            o.KeepAliveInterval = TimeSpan.FromSeconds(15);
            o.ClientTimeoutInterval = TimeSpan.FromSeconds(30);
        });
        var provider = DatabaseSetup.ParseProvider(builder.Configuration["Database:Provider"] ?? nameof(DatabaseProvider.Sqlite));
        if (provider == DatabaseProvider.Postgres)
        {
            var connectionString = builder.Configuration["Database:ConnectionString"]!; // checked by AddPlatformDatabase
            builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<PostgresRealtimeBus>(sp, connectionString));
            builder.Services.AddSingleton<IRealtimeBus>(sp => sp.GetRequiredService<PostgresRealtimeBus>());
            builder.Services.AddHostedService(sp => sp.GetRequiredService<PostgresRealtimeBus>());
        }
        else
        {
            builder.Services.AddSingleton<IRealtimeBus, LocalRealtimeBus>();
        }
        // Taking access away reaches the live connections on every instance over the bus.
        builder.Services.AddAccessRevocation();
        builder.Services.AddSingleton<BusAccessRevocations>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IAccessRevocations>(sp => sp.GetRequiredService<BusAccessRevocations>()));
        builder.Services.AddSingleton<IInstanceSignal>(sp => sp.GetRequiredService<BusAccessRevocations>());
        return builder;
    }

    /// <summary>
    /// /hubs/care over WebSockets only. Clients skip negotiation, so a connection is one long-lived request that stays on
    /// whichever instance the load balancer chose: no sticky sessions, and the bus carries events between instances.
    /// (Long polling and server-sent events need negotiate + follow-up requests on the same instance, i.e. stickiness.)
    /// </summary>
    public static WebApplication MapRealtime(this WebApplication app)
    {
        app.MapHub<CareHub>("/hubs/care", o => o.Transports = HttpTransportType.WebSockets);
        return app;
    }
}
