using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ContentPlatform.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster on a free loopback port, started once per test process from the server binaries on the
/// machine (the test command installs them) and stopped when the process exits. Each test gets its own database, so tests
/// share no state. fsync is off: the cluster is thrown away, and it makes the suite several times faster.
/// </summary>
public sealed class PostgresCluster
{
    private static readonly Lazy<Task<PostgresCluster>> Shared = new(StartAsync);
    private static int _databases;

    private PostgresCluster(string dataDir, int port)
    {
        DataDir = dataDir;
        Port = port;
    }

    public string DataDir { get; }
    public int Port { get; }

    public static Task<PostgresCluster> GetAsync() => Shared.Value;

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Timeout=5";

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync(string prefix) => CreateDatabaseAsync(prefix, template: null);

    /// <summary>
    /// Creates a database as a copy of <paramref name="template"/> (null: an empty one) and returns its connection string.
    /// The name is <paramref name="prefix"/> plus a unique suffix, or <paramref name="prefix"/> itself when
    /// <paramref name="exactName"/>.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string prefix, string? template, bool exactName = false)
    {
        var name = exactName ? prefix : $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}".ToLowerInvariant();
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        var copy = template is null ? "" : $" TEMPLATE \"{template}\"";
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"{copy}", connection);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await command.ExecuteNonQueryAsync();
                return ConnectionString(name);
            }
            // The session that migrated the template may still be ending on the server after its client closed
            // ("source database is being accessed by other users"): that lasts milliseconds.
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<PostgresCluster> StartAsync()
    {
        var bin = FindBinaries();
        var dir = Path.Combine(Path.GetTempPath(), $"cp-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..24]);
        Directory.CreateDirectory(dir);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            // initdb refuses to run as root; the cluster belongs to the postgres user.
            await RunAsync("chown", ["postgres:postgres", dir], asRoot: false);
        }
        await RunAsync(Path.Combine(bin, "initdb"),
            ["-D", dir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], asRoot);
        var port = FreePort();
        await RunAsync(Path.Combine(bin, "pg_ctl"),
        [
            "-D", dir, "-l", Path.Combine(dir, "server.log"), "-w", "-t", "30",
            "-o", $"-c listen_addresses=127.0.0.1 -p {port} -k {dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
            "start",
        ], asRoot);
        var cluster = new PostgresCluster(dir, port);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop(bin, asRoot);
        return cluster;
    }

    private void Stop(string bin, bool asRoot)
    {
        try
        {
            RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", DataDir, "-m", "immediate", "-w", "stop"], asRoot).GetAwaiter().GetResult();
            Directory.Delete(DataDir, recursive: true);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"PostgreSQL test cluster cleanup: {e.Message}");
        }
    }

    private static string FindBinaries()
    {
        var fromEnv = Environment.GetEnvironmentVariable("PG_BIN");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(Path.Combine(fromEnv, "initdb")))
        {
            return fromEnv;
        }
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderByDescending(d => d, StringComparer.Ordinal).ToList()
            : [];
        return candidates.FirstOrDefault() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (set PG_BIN). The test command installs them.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, string[] args, bool asRoot)
    {
        var start = new ProcessStartInfo(asRoot ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asRoot)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }
}
