using ContentPlatform.Platform.Hosting;

namespace ContentPlatform.Tests.Infrastructure;

/// <summary>The two database providers every integration test runs against.</summary>
public enum Db
{
    Sqlite,
    Postgres,
}

public static class Providers
{
    /// <summary>For [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))].</summary>
    public static TheoryData<Db> Both => new() { Db.Sqlite, Db.Postgres };
}

/// <summary>A fresh database (schema only) and data folder for one app in one test.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(Db kind, string dataPath, string? connectionString)
    {
        Kind = kind;
        DataPath = dataPath;
        ConnectionString = connectionString;
    }

    public Db Kind { get; }
    public string DataPath { get; }

    /// <summary>Null for SQLite (the app puts its file in <see cref="DataPath"/>).</summary>
    public string? ConnectionString { get; }

    /// <summary>
    /// A database for <paramref name="app"/> that already has every migration applied (for "cms" and "delivery"; any other
    /// name gets an empty one): a copy of
    /// one migrated per test process (<see cref="MigratedTemplates"/>), because replaying the migrations in each of a
    /// thousand tests cost minutes of CPU. The app's own migrator still runs at start-up and finds nothing pending.
    /// </summary>
    public static async Task<TestDatabase> CreateAsync(Db kind, string app)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "cp-tests", $"{app}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataPath);
        string? connectionString = null;
        if (kind == Db.Postgres)
        {
            var cluster = await PostgresCluster.GetAsync();
            connectionString = await cluster.CreateDatabaseAsync(app, MigratedTemplates.Knows(app) ? await MigratedTemplates.PostgresAsync(app) : null);
        }
        else if (MigratedTemplates.Knows(app))
        {
            await MigratedTemplates.CopySqliteAsync(app, dataPath);
        }
        return new TestDatabase(kind, dataPath, connectionString);
    }

    public IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        yield return new("Storage:DataPath", DataPath);
        // Kestrel (browser tests) takes a free port; logs stay quiet unless something is wrong.
        yield return new("Urls", "http://127.0.0.1:0");
        yield return new("Logging:LogLevel:Default", "Warning");
        yield return new("Logging:LogLevel:" + RequestLog.Category, "Warning");
        yield return new("Database:Provider", Kind.ToString());
        if (ConnectionString is not null)
        {
            yield return new("Database:ConnectionString", ConnectionString);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (ConnectionString is not null)
        {
            await (await PostgresCluster.GetAsync()).DropDatabaseAsync(ConnectionString);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finishing request; the temp folder is cleaned by the OS.
        }
    }
}
