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
/// really live. Ten connections first warm the JIT and are not counted. Then the receiving side: the connections are in
/// threads of 100, MESSAGES messages are sent into them, and the client process's CPU time until every delivery has
/// arrived is divided by the deliveries. Run each kind in its own process.
/// </summary>
public static class HubClientCost
{
    private const int PerThread = 100;
    private static long _delivered;

    public static async Task<int> RunAsync(string kind, Uri url, int count, int messages = 100)
    {
        if (kind is not ("raw" or "hubconnection"))
        {
            Console.Error.WriteLine("kind is raw or hubconnection");
            return 2;
        }
        var open = new List<Connection>();
        await OpenAsync(kind, url, 10, [Guid.NewGuid()], open);
        var threads = Enumerable.Range(0, Math.Max(1, count / PerThread)).Select(_ => Guid.NewGuid()).ToArray();

        var (managed, workingSet, allocated) = Memory();
        var clock = Stopwatch.StartNew();
        var measured = await OpenAsync(kind, url, count, threads, open);
        var elapsed = clock.Elapsed;
        var (managedAfter, workingSetAfter, allocatedAfter) = Memory();
        var (receiveCpu, receiveWall, deliveries) = await ReceiveAsync(measured, threads, messages);

        double PerConnection(long before, long after) => (after - before) / 1024.0 / count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT {kind,-13} connections {count,5}  start {elapsed.TotalMilliseconds,7:0} ms ({elapsed.TotalMilliseconds / count:0.00} ms each)  " +
            $"managed heap {PerConnection(managed, managedAfter),6:0.0} KB/conn  working set {PerConnection(workingSet, workingSetAfter),6:0.0} KB/conn  " +
            $"allocated {PerConnection(allocated, allocatedAfter),6:0.0} KB/conn  " +
            $"receive cpu {receiveCpu.TotalMicroseconds / deliveries,6:0.0} us/delivery ({deliveries} deliveries in {receiveWall.TotalMilliseconds:0} ms)"));
        await Task.WhenAll(open.Select(c => c.Hub.DisposeAsync().AsTask()));
        return 0;
    }

    private sealed record Connection(IAsyncDisposable Hub, int Thread, Func<object?[], Task> Invoke);

    /// <summary>Sends <paramref name="messages"/> into the threads (round-robin, four at a time) and waits for every delivery.</summary>
    private static async Task<(TimeSpan Cpu, TimeSpan Wall, long Deliveries)> ReceiveAsync(List<Connection> connections, Guid[] threads, int messages)
    {
        var members = connections.GroupBy(c => c.Thread).ToDictionary(g => g.Key, g => g.ToList());
        var expected = Enumerable.Range(0, messages).Sum(m => (long)members[m % threads.Length].Count);
        Interlocked.Exchange(ref _delivered, 0);
        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, messages), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (m, _) =>
        {
            var thread = m % threads.Length;
            await members[thread][0].Invoke(["Send", threads[thread], $"Melding nr. {m}: hvordan går det med uroen i dag?", Guid.NewGuid()]);
        });
        var deadline = Stopwatch.StartNew();
        while (Interlocked.Read(ref _delivered) < expected && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(5); // polling a counter the receive loops bump; a benchmark, not a test
        }
        var wall = clock.Elapsed;
        self.Refresh();
        var delivered = Interlocked.Read(ref _delivered);
        if (delivered < expected)
        {
            throw new InvalidOperationException($"only {delivered} of {expected} deliveries arrived within 60 s");
        }
        return (self.TotalProcessorTime - cpu, wall, delivered);
    }

    private static async Task<List<Connection>> OpenAsync(string kind, Uri url, int count, Guid[] threads, List<Connection> open)
    {
        var opened = new Connection[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var thread = i % threads.Length;
            if (kind == "raw")
            {
                var raw = await RawHubClient.ConnectAsync(url, "/hubs/care", cookies: null, ct: ct);
                raw.OnEvent = e =>
                {
                    if (e.Target == "message")
                    {
                        Interlocked.Increment(ref _delivered);
                    }
                };
                await raw.InvokeAsync<JsonElement>("JoinThread", threads[thread], 0L);
                opened[i] = new Connection(raw, thread, a => raw.InvokeRawAsync((string)a[0]!, a[1..]));
            }
            else
            {
                var hub = new HubConnectionBuilder()
                    .WithUrl(new Uri(url, "/hubs/care"), HttpTransportType.WebSockets, o => o.SkipNegotiation = true)
                    .Build();
                hub.On<JsonElement>("message", _ => Interlocked.Increment(ref _delivered));
                await hub.StartAsync(ct);
                await hub.InvokeAsync<JsonElement>("JoinThread", threads[thread], 0L, ct);
                opened[i] = new Connection(hub, thread, a => hub.InvokeCoreAsync<JsonElement>((string)a[0]!, a[1..]));
            }
        });
        open.AddRange(opened);
        return [.. opened];
    }

    /// <summary>Live managed heap after a full collection, the process's working set, and bytes allocated so far.</summary>
    private static (long Managed, long WorkingSet, long Allocated) Memory()
    {
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        using var self = Process.GetCurrentProcess();
        return (managed, self.WorkingSet64, GC.GetTotalAllocatedBytes(precise: true));
    }
}
