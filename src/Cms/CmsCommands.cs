using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Transfer;
using ContentPlatform.Platform.Hosting;

namespace ContentPlatform.Cms;

/// <summary>
/// Command-line verbs of the Cms app, dispatched to their features (content transfer, staff accounts): `dotnet run --project src/Cms -- VERB ...`. Exit codes: 0 ok, 1 content errors
/// (nothing was changed), 2 usage or configuration errors.
/// </summary>
public static class CmsCommands
{
    private const string Usage = """
        Commands:
          import FOLDER [--publish]        import programs from files (all-or-nothing; idempotent)
          validate FOLDER                  check files and publish rules; changes nothing
          export FOLDER [--program ID]     write programs back as files
          export-package ID FILE           one program as a package file (for another trust)
          import-package FILE [--dry-run]  apply a package; --dry-run shows what would change
          demo-accounts                    create the Development demo accounts
          create-admin --email ADDRESS     the first administrator: prints a one-time link (24 h)
        """;

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ContentPlatform.Cms.Commands");
        var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) || a == "--program").ToList();
        positional = positional.Where((a, i) => a != "--program" && (i == 0 || positional[i - 1] != "--program")).ToList();
        bool Flag(string name) => args.Contains(name, StringComparer.Ordinal);
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        if (args[0] is "help" or "--help")
        {
            Console.WriteLine(Usage);
            return 0;
        }
        await DatabaseMigration.MigrateAsync<CmsDbContext>(app.Services, logger, CancellationToken.None);
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        switch (args[0])
        {
            case "demo-accounts":
                return await StaffIdentity.CreateDemoAccountsAsync(app);
            case "create-admin":
                return await StaffAdmin.CmsCreateAdmin.RunAsync(app, args);
            case "validate" when positional.Count >= 2:
                return TransferCommands.Validate(positional[1]);
            case "import" when positional.Count >= 2:
                return await TransferCommands.ImportAsync(services, positional[1], Flag("--publish"));
            case "export" when positional.Count >= 2:
                return await TransferCommands.ExportAsync(services, positional[1], Option("--program"));
            case "export-package" when positional.Count >= 3:
                return await TransferCommands.ExportPackageAsync(services, positional[1], positional[2]);
            case "import-package" when positional.Count >= 2:
                return await TransferCommands.ImportPackageAsync(services, positional[1], Flag("--dry-run"));
            default:
                await Console.Error.WriteLineAsync($"Unknown command or missing arguments: {string.Join(' ', args)}\n{Usage}");
                return 2;
        }
    }
}
