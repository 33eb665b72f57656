using ContentPlatform.Cms.Transfer.Files;
using ContentPlatform.Cms.Transfer.Packages;

namespace ContentPlatform.Cms.Transfer;

public static class TransferSetup
{
    /// <summary>Programs in and out of the Cms: content folders and packages, over the one media intake.</summary>
    public static WebApplicationBuilder AddTransfer(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<MediaIntake>();
        builder.Services.AddScoped<FolderMedia>();
        builder.Services.AddScoped<ContentImporter>();
        builder.Services.AddScoped<PackageExporter>();
        builder.Services.AddScoped<PackageImporter>();
        builder.Services.AddSingleton<PackageStaging>();
        return builder;
    }
}
