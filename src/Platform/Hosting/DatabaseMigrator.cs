using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ContentPlatform.Platform.Hosting;

/// <summary>
/// Creates or migrates the schema before the server starts listening (hosted services start before Kestrel).
/// An unreachable database stops start-up with the setting's name. EF Core takes a migration lock, so several
/// Delivery instances starting together on PostgreSQL do not race.
/// </summary>
public sealed class DatabaseMigrator<TContext>(IServiceProvider services, ILogger<DatabaseMigrator<TContext>> logger)
    : IHostedService where TContext : DbContext
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        DatabaseMigration.MigrateAsync<TContext>(services, logger, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class DatabaseMigration
{
    public static async Task MigrateAsync<TContext>(IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
        where TContext : DbContext
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        try
        {
            await db.Database.MigrateAsync(cancellationToken);
            if (db.Database.IsSqlite())
            {
                // WAL lets readers run beside the single writer; it is stored in the file once set.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            var setting = db.Database.IsSqlite() ? "Storage:DataPath" : "Database:ConnectionString";
            throw new StartupConfigurationException(setting,
                $"cannot open the {db.Database.ProviderName} database: {e.GetBaseException().Message}");
        }
        logger.LogInformation("Database ready ({Provider})", db.Database.ProviderName);
    }
}
