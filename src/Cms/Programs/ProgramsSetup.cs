using ContentPlatform.Platform.Hosting;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Cms.Programs;

public static class ProgramsSetup
{
    public static WebApplicationBuilder AddPrograms(this WebApplicationBuilder builder)
    {
        builder.Services.AddStartupOptions<PublishingOptions>(PublishingOptions.Section, (_, _) => null);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<PublishingOptions>>().Value);
        builder.Services.AddScoped<ProgramWorkflow>();
        builder.Services.AddScoped<Media.Library.IProgramDocuments, ProgramDocuments>(); // how media usage reads programs
        builder.Services.AddSingleton<ReleaseCache>(); // the published releases as served; publishing clears it
        builder.Services.AddHostedService<PublishScheduler>();
        return builder;
    }
}
