namespace ContentPlatform.Delivery.Progress;

public static class ProgressSetup
{
    /// <summary>Progress through a program: page views (batched in the background), completions, modules a therapist opens, and each patient's plan (optional modules).</summary>
    public static WebApplicationBuilder AddProgress(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ProgressRecorder>();
        builder.Services.AddSingleton<ViewRecorder>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ViewRecorder>());
        builder.Services.AddScoped<ModuleOpener>();
        builder.Services.AddScoped<PatientPlans>();
        return builder;
    }
}
