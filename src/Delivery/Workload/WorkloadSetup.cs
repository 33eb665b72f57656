using ContentPlatform.Platform.Hosting;

namespace ContentPlatform.Delivery.Workload;

public static class WorkloadSetup
{
    /// <summary>Therapist time measured from their own actions (<see cref="WorkClock"/>) and the week's load (<see cref="WeekLoad"/>).</summary>
    public static WebApplicationBuilder AddWorkload(this WebApplicationBuilder builder)
    {
        builder.Services.AddStartupOptions<WorkloadOptions>(WorkloadOptions.Section, WorkloadOptions.Check);
        builder.Services.AddScoped<WorkClock>();
        builder.Services.AddScoped<WeekLoad>();
        builder.Services.AddHostedService<AbandonedSessions>();
        return builder;
    }
}
