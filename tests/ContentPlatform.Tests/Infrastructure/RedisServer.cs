using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ContentPlatform.Tests.Infrastructure;

/// <summary>
/// A throwaway redis-server (Debian's package, installed by scripts/setup.sh) on a free loopback port, without
/// persistence. Tests that only need scale-out share one per test process and isolate themselves with a channel prefix
/// of their own (<see cref="Settings"/>); a test that stops Redis starts its own (<see cref="StartOwnAsync"/>).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly Lazy<Task<RedisServer>> Shared = new(StartSharedAsync);
    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    public static Task<RedisServer> GetSharedAsync() => Shared.Value;

    public static async Task<RedisServer> StartOwnAsync()
    {
        var server = new RedisServer(Apps.FreePort());
        await server.StartAsync();
        return server;
    }

    /// <summary>`Realtime:Redis` for one test: the channels of every instance given the same prefix meet, others do not.</summary>
    public Dictionary<string, string?> Settings(string channelPrefix) =>
        new() { ["Realtime:Redis"] = $"127.0.0.1:{Port},channelPrefix={channelPrefix}:,connectTimeout=2000" };

    /// <summary>
    /// Starts (or starts again, on the same port) and returns once it accepts connections. redis-server runs under a
    /// small shell that holds our end of a pipe on its stdin: when this process ends in any way (ProcessExit does not run
    /// when the test host is killed), the pipe closes, `cat` returns and the shell kills redis-server with it.
    /// </summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        // $0 is redis-server, "$@" its arguments; stdin stays with cat (redis-server gets /dev/null), so only EOF ends it.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("\"$0\" \"$@\" </dev/null & pid=$!; cat >/dev/null; kill -9 $pid; wait $pid");
        start.ArgumentList.Add(FindBinary());
        foreach (var a in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no" })
        {
            start.ArgumentList.Add(a);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start redis-server");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(20);
            }
        }
    }

    /// <summary>
    /// Kills the server (SIGKILL, as a crash would) and waits until it is gone: closing the shell's stdin makes it kill
    /// redis-server and wait for it, so the port is free when this returns.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.StandardInput.Close();
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static async Task<RedisServer> StartSharedAsync()
    {
        var server = await StartOwnAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.StopAsync().GetAwaiter().GetResult();
        return server;
    }

    private static string FindBinary()
    {
        var path = Environment.GetEnvironmentVariable("REDIS_SERVER") is { Length: > 0 } fromEnv ? fromEnv : "/usr/bin/redis-server";
        return File.Exists(path) ? path : throw new InvalidOperationException(
            $"{path} not found (set REDIS_SERVER). scripts/setup.sh installs Debian's redis-server package.");
    }
}
