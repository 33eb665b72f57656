using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ContentPlatform.Platform.Hosting;

/// <summary>
/// Per-connection SQLite settings. Microsoft.Data.Sqlite leaves busy_timeout at 0 and retries locks with 150 ms sleeps,
/// which makes concurrent writers stall (measured; see TOOLCHAIN.md). A busy timeout lets SQLite wait precisely instead.
/// synchronous=NORMAL in WAL mode keeps every commit durable against a process crash (not an OS crash).
/// Pragmas belong to the native connection, which Microsoft.Data.Sqlite pools and hands out again on every open: they
/// are set once per native connection, not on every open (three statements per query before).
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();
    private const string Pragmas = "PRAGMA busy_timeout=5000; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";

    private static readonly ConditionalWeakTable<object, object> Prepared = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!IsNew(connection))
        {
            return;
        }
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (!IsNew(connection))
        {
            return;
        }
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>True the first time this native connection is seen (the handle outlives the pooled SqliteConnection).</summary>
    private static bool IsNew(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || Prepared.TryAdd(handle, Prepared);
}
