using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace ContentPlatform.Platform.Hosting;

/// <summary>
/// Chooses the EF Core provider from configuration. Each app has one context with a subclass per provider, because
/// migrations are provider-specific: <typeparamref name="TContext"/> is what features inject. Contexts are pooled:
/// a profile of the hub's Send showed a third of its CPU in setting up a fresh context (options, internal service
/// provider lookup) for every call.
/// </summary>
public static class DatabaseSetup
{
    public static DatabaseProvider AddPlatformDatabase<TContext, TSqlite, TPostgres>(
        this WebApplicationBuilder builder, string sqliteFileName)
        where TContext : DbContext
        where TSqlite : TContext
        where TPostgres : TContext
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new();
        var provider = ParseProvider(options.Provider);
        var dataPath = ResolveDataPath(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(new DataFolder(dataPath));

        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = options.ConnectionString ?? $"Data Source={Path.Combine(dataPath, sqliteFileName)}";
                builder.Services.AddDbContextPool<TContext, TSqlite>(o => o
                    .UseSqlite(sqlite)
                    .AddInterceptors(SqlitePragmas.Instance, DatabaseTelemetry.Instance));
                break;
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                {
                    throw new StartupConfigurationException("Database:ConnectionString",
                        "Database:Provider is Postgres, so a connection string is required, " +
                        "e.g. Host=127.0.0.1;Port=5432;Database=contentplatform;Username=app;Password=...");
                }
                try
                {
                    _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
                }
                catch (ArgumentException e)
                {
                    throw new StartupConfigurationException("Database:ConnectionString", e.Message);
                }
                builder.Services.AddDbContextPool<TContext, TPostgres>(o => o.UseNpgsql(options.ConnectionString).AddInterceptors(DatabaseTelemetry.Instance));
                break;
        }
        builder.Services.AddHostedService<DatabaseMigrator<TContext>>();
        return provider;
    }

    public static DatabaseProvider ParseProvider(string? value) =>
        Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var p) && Enum.IsDefined(p)
            ? p
            : throw new StartupConfigurationException("Database:Provider",
                $"'{value}' is not a known database provider. Use Sqlite (default) or Postgres.");

    /// <summary>
    /// The default folder ("data" under the working directory) is created on first run; a folder someone configured
    /// must already exist, because a typo there would otherwise silently start an empty installation.
    /// </summary>
    public static string ResolveDataPath(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[$"{StorageOptions.Section}:{nameof(StorageOptions.DataPath)}"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            var path = Path.GetFullPath(StorageOptions.DefaultDataPath);
            Directory.CreateDirectory(path);
            return path;
        }
        var full = Path.GetFullPath(configured);
        if (!Directory.Exists(full))
        {
            throw new StartupConfigurationException("Storage:DataPath",
                $"the folder '{full}' does not exist. Create it, or leave Storage:DataPath unset to use ./data.");
        }
        _ = environment;
        return full;
    }
}

/// <summary>The absolute data folder (SQLite files, local media, keys).</summary>
public sealed record DataFolder(string Path);
