using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Delivery.Realtime;

public static class RealtimeSetup
{
    /// <summary>
    /// SignalR and the ways events cross instances: in-process on one instance; with <c>Realtime:Redis</c> the Redis
    /// backplane for hub sends and Redis pub/sub for <see cref="IInstanceSignals"/>, on one connection. This folder knows
    /// no feature: the hub comes from its feature (<see cref="AddRealtimeHub{THub}"/>), signals from their subscribers.
    /// </summary>
    public static WebApplicationBuilder AddRealtime(this WebApplicationBuilder builder)
    {
        var signalR = builder.Services.AddSignalR(o =>
        {
            // Thread pages ping so a dead connection is noticed (and caught up) within half a minute.
            o.KeepAliveInterval = TimeSpan.FromSeconds(15);
            o.ClientTimeoutInterval = TimeSpan.FromSeconds(30);
        });
        builder.Services.AddOptions<RealtimeOptions>().BindConfiguration(RealtimeOptions.Section).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RealtimeOptions>, RealtimeOptionsValidator>());
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{RealtimeOptions.Section}:{nameof(RealtimeOptions.Redis)}"]))
        {
            builder.Services.AddSingleton<RedisConnection>();
            // The backplane gets the shared connection instead of opening its own.
            builder.Services.AddOptions<RedisOptions>().Configure<RedisConnection>((o, redis) => o.ConnectionFactory = _ => redis.GetAsync());
            builder.Services.AddSingleton(typeof(HubLifetimeManager<>), typeof(FailoverHubLifetimeManager<>));
            builder.Services.AddSingleton<RedisInstanceSignals>();
            builder.Services.AddSingleton<IInstanceSignals>(sp => sp.GetRequiredService<RedisInstanceSignals>());
            builder.Services.AddHostedService(sp => sp.GetRequiredService<RedisInstanceSignals>());
            builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis");
        }
        else
        {
            builder.Services.TryAddSingleton<IInstanceSignals, LocalInstanceSignals>();
        }
        // Taking access away reaches the live connections on every instance as a signal; it subscribes at start-up,
        // because live connections here must hear a revocation made elsewhere before anything here asks for it.
        builder.Services.AddAccessRevocation();
        builder.Services.AddSingleton<BusAccessRevocations>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IAccessRevocations>(sp => sp.GetRequiredService<BusAccessRevocations>()));
        builder.Services.AddHostedService<ResolveAtStart<BusAccessRevocations>>();
        return builder;
    }

    /// <summary>The live hub whose groups <see cref="IRealtimeBus"/> publishes to; called by the feature that owns it.</summary>
    public static IServiceCollection AddRealtimeHub<THub>(this IServiceCollection services) where THub : Hub
    {
        services.TryAddSingleton<IRealtimeBus, HubRealtimeBus<THub>>();
        return services;
    }

    /// <summary>Constructs a singleton at start-up (so its constructor subscribes) and does nothing else.</summary>
    private sealed class ResolveAtStart<T>(T service) : IHostedService where T : class
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.FromResult(service);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
