using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContentPlatform.Benchmarks;

/// <summary>
/// What one process pays for N live hub connections with each client: the raw WebSocket client the messaging benchmark
/// uses, or the SignalR .NET client (<see cref="HubConnection"/>) the tests use. Each connection goes straight to
/// WebSockets (no negotiation, as the pages do), listens to "message" and completes one JoinThread round trip, so it is
/// really live. Ten connections first warm the JIT and are not counted. Run each kind in its own process.
/// </summary>
public static class HubClientCost
{
    public static async Task<int> RunAsync(string kind, Uri url, int count)
    {
        if (kind is not ("raw" or "hubconnection"))
        {
            Console.Error.WriteLine("kind is raw or hubconnection");
            return 2;
        }
        var open = new List<IAsyncDisposable>();
        await OpenAsync(kind, url, 10, open);

        var (managed, workingSet, allocated) = Memory();
        var clock = Stopwatch.StartNew();
        await OpenAsync(kind, url, count, open);
        var elapsed = clock.Elapsed;
        var (managedAfter, workingSetAfter, allocatedAfter) = Memory();

        double PerConnection(long before, long after) => (after - before) / 1024.0 / count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT {kind,-13} connections {count,5}  start {elapsed.TotalMilliseconds,7:0} ms ({elapsed.TotalMilliseconds / count:0.00} ms each)  " +
            $"managed heap {PerConnection(managed, managedAfter),6:0.0} KB/conn  working set {PerConnection(workingSet, workingSetAfter),6:0.0} KB/conn  " +
            $"allocated {PerConnection(allocated, allocatedAfter),6:0.0} KB/conn"));
        await Task.WhenAll(open.Select(c => c.DisposeAsync().AsTask()));
        return 0;
    }

    private static async Task OpenAsync(string kind, Uri url, int count, List<IAsyncDisposable> open)
    {
        var opened = new IAsyncDisposable[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var thread = Guid.NewGuid();
            if (kind == "raw")
            {
                var raw = await RawHubClient.ConnectAsync(url, "/hubs/care", cookies: null, ct: ct);
                raw.OnEvent = _ => { };
                await raw.InvokeAsync<JsonElement>("JoinThread", thread, 0L);
                opened[i] = raw;
            }
            else
            {
                var hub = new HubConnectionBuilder()
                    .WithUrl(new Uri(url, "/hubs/care"), HttpTransportType.WebSockets, o => o.SkipNegotiation = true)
                    .Build();
                hub.On<JsonElement>("message", _ => { });
                await hub.StartAsync(ct);
                await hub.InvokeAsync<JsonElement>("JoinThread", thread, 0L, ct);
                opened[i] = hub;
            }
        });
        open.AddRange(opened);
    }

    /// <summary>Live managed heap after a full collection, the process's working set, and bytes allocated so far.</summary>
    private static (long Managed, long WorkingSet, long Allocated) Memory()
    {
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        using var self = Process.GetCurrentProcess();
        return (managed, self.WorkingSet64, GC.GetTotalAllocatedBytes(precise: true));
    }
}
