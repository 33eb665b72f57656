namespace ContentPlatform.Delivery.Progress;

public static class ProgressSetup
{
    /// <summary>
    /// Progress through a program: the patient's enrollments with their plan and module states (<see cref="PatientEnrollments"/>),
    /// page views (batched in the background), completions and each patient's plan (optional modules).
    /// </summary>
    public static WebApplicationBuilder AddProgress(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ProgressRecorder>();
        builder.Services.AddSingleton<ViewRecorder>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ViewRecorder>());
        builder.Services.AddScoped<PatientPlans>();
        builder.Services.AddScoped<PatientEnrollments>();
        return builder;
    }
}
