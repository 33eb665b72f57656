using ContentPlatform.Platform.Hosting;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Delivery.AccessLogs;

public static class AccessLogSetup
{
    /// <summary>
    /// The patient's access log: features that touch a patient's record write it (<see cref="AccessLog.WriteAsync"/>),
    /// MyData shows and exports it to the patient. A leaf: it uses no feature folder, so any feature may write through it.
    /// </summary>
    public static WebApplicationBuilder AddAccessLog(this WebApplicationBuilder builder)
    {
        // Checked at start-up: without a key outside the database the chain would only detect careless edits.
        builder.Services.AddStartupOptions<AccessLogOptions>(AccessLogOptions.Section, AccessLogOptions.Check)
            .PostConfigure<IConfiguration, IHostEnvironment>(AccessLogOptions.Defaults);
        builder.Services.AddSingleton(sp => AccessLogChain.From(sp.GetRequiredService<IOptions<AccessLogOptions>>().Value));
        builder.Services.AddSingleton<AccessLogAnchors>();
        builder.Services.AddHostedService<AccessLogAnchoring>();
        builder.Services.AddScoped<AccessLog>();
        return builder;
    }
}
