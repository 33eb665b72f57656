using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ContentPlatform.Cms.Media;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.Media;

/// <summary>
/// The Azure Storage emulator's blob service as a real local process on a free loopback port, started once for the
/// collection from the repository's node_modules (the test command runs npm ci) and killed afterwards. In-memory, so
/// nothing is left on disk. A missing Azurite fails the tests loudly: skipping would hide that Azure was never tested.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>The emulator's fixed, publicly documented key; it protects nothing.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Process? _process;

    public int Port { get; private set; }

    public string BlobEndpoint => $"http://127.0.0.1:{Port}/{AccountName}";

    /// <summary>Options for a fresh container, so each test class works on its own data.</summary>
    public AzureBlobOptions NewContainerOptions() => new()
    {
        AccountName = AccountName,
        AccountKey = AccountKey,
        BlobEndpoint = BlobEndpoint,
        Container = "t" + Guid.NewGuid().ToString("N")[..20],
    };

    public async Task InitializeAsync()
    {
        var main = Path.Combine(RepoPaths.Root, "node_modules", "azurite", "dist", "src", "blob", "main.js");
        if (!File.Exists(main))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed ({main} is missing). Run `npm ci` in {RepoPaths.Root} before the tests.");
        }

        Port = FreePort();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     main, "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--loose",
                 })
        {
            start.ArgumentList.Add(arg);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start node for Azurite");
        var stderr = _process.StandardError.ReadToEndAsync();
        _ = _process.StandardOutput.ReadToEndAsync();

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode}: {await stderr}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50); // polling the port until Azurite listens; the condition, not the delay, ends the wait
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteTests : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
