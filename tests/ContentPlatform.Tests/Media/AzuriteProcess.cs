using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.Media;

/// <summary>
/// One Azurite blob service as a local process on a fixed loopback port: in memory, or in a folder so that what it stored
/// survives a stop and a start on the same port (how the retry tests take the service away mid-upload). Its owner calls
/// <see cref="Stop"/> when done.
/// </summary>
internal sealed class AzuriteProcess(int port, string? folder = null)
{
    private Process? _process;

    public int Port { get; } = port;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the service and returns once it accepts connections.</summary>
    public async Task StartAsync()
    {
        var main = Path.Combine(RepoPaths.Root, "node_modules", "azurite", "dist", "src", "blob", "main.js");
        if (!File.Exists(main))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed ({main} is missing). Run `npm ci` in {RepoPaths.Root} before the tests.");
        }
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] storage = folder is null ? ["--inMemoryPersistence"] : ["--location", folder];
        foreach (var arg in new[] { main, "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(CultureInfo.InvariantCulture) }
                     .Concat(storage).Concat(["--silent", "--skipApiVersionCheck", "--loose"]))
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node for Azurite");
        _process = process;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode}: {await stderr}");
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

    /// <summary>
    /// Stops the service the way an orchestrator does (SIGTERM): Azurite finishes the requests in flight, refuses new
    /// connections, writes its metadata to the folder and exits. Killed outright if it has not exited within 10 s.
    /// </summary>
    public void Stop()
    {
        if (_process is { HasExited: false } process)
        {
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                term.WaitForExit();
            }
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
        _process?.Dispose();
        _process = null;
    }
}
