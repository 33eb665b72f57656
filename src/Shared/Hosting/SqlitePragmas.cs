using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ContentPlatform.Shared.Hosting;

/// <summary>
/// Per-connection SQLite settings. Microsoft.Data.Sqlite leaves busy_timeout at 0 and retries locks with 150 ms sleeps,
/// which makes concurrent writers stall (measured; see TOOLCHAIN.md). A busy timeout lets SQLite wait precisely instead.
/// synchronous=NORMAL in WAL mode keeps every commit durable against a process crash (not an OS crash).
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();
    private const string Pragmas = "PRAGMA busy_timeout=5000; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
