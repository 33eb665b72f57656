using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Shared.Hosting;

namespace ContentPlatform.Cms;

/// <summary>Command-line verbs of the Cms app: `dotnet run --project src/Cms -- VERB ...`.</summary>
public static class CmsCommands
{
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ContentPlatform.Cms.Commands");
        await DatabaseMigration.MigrateAsync<CmsDbContext>(app.Services, logger, CancellationToken.None);
        switch (args[0])
        {
            case "demo-accounts":
                return await StaffIdentity.CreateDemoAccountsAsync(app);
            default:
                await Console.Error.WriteLineAsync($"Unknown command '{args[0]}'. Commands: demo-accounts.");
                return 2;
        }
    }
}
