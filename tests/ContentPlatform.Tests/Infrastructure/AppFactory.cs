using ContentPlatform.Cms;
using ContentPlatform.Delivery;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ContentPlatform.Tests.Infrastructure;

/// <summary>
/// One app on its own fresh database, through the real HTTP pipeline. Each test builds its own, so tests share no
/// state and may run in parallel. Call <see cref="UseRealServer"/> for a Kestrel port (browser tests).
/// </summary>
/// <param name="ownsDatabase">False for several apps on one database (restarts, two instances): the test disposes it.</param>
public class AppFactory<TEntry>(TestDatabase database, IDictionary<string, string?>? settings = null, bool ownsDatabase = true)
    : WebApplicationFactory<TEntry> where TEntry : class
{
    public const string TestAccessLogKey = "test-only-access-log-chain-key-0123456789abcdef";

    public TestDatabase Database { get; } = database;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // UseSetting (not ConfigureAppConfiguration) because Program reads these before Build(); they win over
        // appsettings.json exactly like `--Database:Provider=...` on the command line.
        // The analytics warm-up would catch up in the background while a test seeds and asserts with its own clock; the
        // tests that are about it turn it back on.
        // Delivery refuses to start without an access-log key outside Development; tests get their own.
        KeyValuePair<string, string?>[] defaults = [new("Analytics:WarmUp", "false"), new("AccessLog:ChainKey", TestAccessLogKey)];
        foreach (var (key, value) in defaults.Concat(Database.Settings()).Concat(settings ?? new Dictionary<string, string?>()))
        {
            builder.UseSetting(key, value);
        }
        // Identity's default PBKDF2 cost (100,000 rounds, ≈0.1 s of a core) is paid on every account created, sign-in and
        // password check; over a thousand tests beside the browser journeys on two cores that is minutes of CPU, and no
        // test is about the cost. The hash format and its verification stay the same (the count is stored in each hash),
        // and production keeps Identity's default.
        builder.ConfigureServices(services => services.Configure<PasswordHasherOptions>(o => o.IterationCount = TestPasswordHashRounds));
    }

    /// <summary>PBKDF2 rounds for passwords hashed by test apps (Identity's default stays in production).</summary>
    public const int TestPasswordHashRounds = 1_000;

    /// <summary>
    /// Kestrel on 127.0.0.1:<paramref name="port"/> (0: any free port); give a port when the app must know its own
    /// address before it starts.
    /// </summary>
    public AppFactory<TEntry> UseRealServer(int port = 0)
    {
        UseKestrel(port);
        StartServer();
        return this;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ownsDatabase)
        {
            await Database.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }
}

public static class Apps
{
    /// <summary>A loopback port free at the time of asking.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<AppFactory<CmsApp>> CmsAsync(Db db, IDictionary<string, string?>? settings = null) =>
        new(await TestDatabase.CreateAsync(db, "cms"), settings);

    public static async Task<AppFactory<DeliveryApp>> DeliveryAsync(Db db, IDictionary<string, string?>? settings = null) =>
        new(await TestDatabase.CreateAsync(db, "delivery"), settings);
}
