using ContentPlatform.Platform.Hosting;

namespace ContentPlatform.Delivery.Safety;

public static class SafetySetup
{
    /// <summary>Safety messages on the patient's pages and the escalation of red reasons left unhandled.</summary>
    public static WebApplicationBuilder AddSafety(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PatientSafety>();
        builder.Services.AddStartupOptions<AlertEscalationOptions>(AlertEscalationOptions.Section, AlertEscalationOptions.Check);
        builder.Services.AddScoped<AlertEscalation>();
        builder.Services.AddHostedService<AlertEscalationWorker>();
        return builder;
    }
}
