using ContentPlatform.Delivery.Analytics;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Platform.Hosting;

namespace ContentPlatform.Delivery;

/// <summary>Command-line verbs of the Delivery app: `dotnet run --project src/Delivery -- VERB ...`.</summary>
public static class DeliveryCommands
{
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ContentPlatform.Delivery.Commands");
        await DatabaseMigration.MigrateAsync<DeliveryDbContext>(app.Services, logger, CancellationToken.None);
        switch (args[0])
        {
            case "demo-accounts":
                return await DeliveryIdentity.CreateDemoAccountsAsync(app);
            case "create-admin":
                return await StaffAdmin.DeliveryCreateAdmin.RunAsync(app, args);
            case "seed-demo-activity":
                return await Demo.DemoClinic.RunAsync(app);
            case "fhir-key":
                return await Fhir.FhirKeyCommand.RunAsync(app, args);
            default:
                await Console.Error.WriteLineAsync($"Unknown command '{args[0]}'. Commands: demo-accounts, create-admin, seed-demo-activity, fhir-key.");
                return 2;
        }
    }
}
