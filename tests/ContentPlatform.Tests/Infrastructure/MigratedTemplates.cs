using System.Collections.Concurrent;
using ContentPlatform.Cms.Data;
using ContentPlatform.Delivery.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace ContentPlatform.Tests.Infrastructure;

/// <summary>
/// One migrated, otherwise empty database per app and provider, made once per test process: each test's database starts
/// as a copy of it (a file copy for SQLite, <c>CREATE DATABASE … TEMPLATE</c> for PostgreSQL) instead of replaying every
/// migration. The app still runs its own migrator at start-up, which finds nothing pending, exactly as on a restart.
/// Only the schema is copied: whatever an app seeds at start-up it still seeds in each test's own database.
/// </summary>
internal static class MigratedTemplates
{
    private static readonly ConcurrentDictionary<(Db, string), Lazy<Task<string>>> Made = new();

    /// <summary>Whether <paramref name="app"/> has migrations this class knows how to apply ("cms", "delivery").</summary>
    public static bool Knows(string app) => app is "cms" or "delivery";

    /// <summary>Copies the app's migrated SQLite file into <paramref name="dataPath"/> under the name the app opens.</summary>
    public static async Task CopySqliteAsync(string app, string dataPath)
    {
        var template = await GetAsync(Db.Sqlite, app);
        File.Copy(template, Path.Combine(dataPath, Path.GetFileName(template)));
    }

    /// <summary>The name of the app's migrated PostgreSQL template database.</summary>
    public static Task<string> PostgresAsync(string app) => GetAsync(Db.Postgres, app);

    private static Task<string> GetAsync(Db kind, string app) =>
        Made.GetOrAdd((kind, app), key => new Lazy<Task<string>>(() => MakeAsync(key.Item1, key.Item2))).Value;

    private static async Task<string> MakeAsync(Db kind, string app)
    {
        if (kind == Db.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "cp-tests", $"template-{app}-{Environment.ProcessId}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, $"{app}.db");
            // No pooling: the last connection's close checkpoints the write-ahead log into the file, so the file alone is
            // the whole database when it is copied.
            await MigrateAsync(app, kind, $"Data Source={file};Pooling=False");
            AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(folder);
            return file;
        }

        var cluster = await PostgresCluster.GetAsync();
        var name = $"{app}_template_{Environment.ProcessId}".ToLowerInvariant();
        await cluster.CreateDatabaseAsync(name, template: null, exactName: true);
        // No pooling: PostgreSQL copies a template only while nobody is connected to it.
        await MigrateAsync(app, kind, cluster.ConnectionString(name) + ";Pooling=false");
        return name;
    }

    /// <summary>What the app's migrator does (Platform's DatabaseMigration), without starting the app.</summary>
    private static async Task MigrateAsync(string app, Db kind, string connectionString)
    {
        await using DbContext db = (app, kind) switch
        {
            ("cms", Db.Sqlite) => new SqliteCmsDbContext(Options<SqliteCmsDbContext>(o => o.UseSqlite(connectionString))),
            ("cms", Db.Postgres) => new PostgresCmsDbContext(Options<PostgresCmsDbContext>(o => o.UseNpgsql(connectionString))),
            ("delivery", Db.Sqlite) => new SqliteDeliveryDbContext(Options<SqliteDeliveryDbContext>(o => o.UseSqlite(connectionString))),
            ("delivery", Db.Postgres) => new PostgresDeliveryDbContext(Options<PostgresDeliveryDbContext>(o => o.UseNpgsql(connectionString))),
            _ => throw new ArgumentException($"no migrations known for app '{app}'", nameof(app)),
        };
        await db.Database.MigrateAsync();
        if (kind == Db.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
    }

    /// <summary>
    /// The schema comes from the migration files alone. Whether the model has changes no migration covers is not asked
    /// here: this bare context lacks the app's own model configuration, and each app's migrator still asks at start-up.
    /// </summary>
    private static DbContextOptions<T> Options<T>(Action<DbContextOptionsBuilder<T>> provider) where T : DbContext
    {
        var builder = new DbContextOptionsBuilder<T>();
        provider(builder);
        return builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)).Options;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // The temp folder is cleaned by the OS.
        }
    }
}
