using System.Globalization;

namespace ContentPlatform.Benchmarks;

/// <summary>
/// CPU time of the server processes named in BENCH_SERVER_PIDS ("A:1234,B:1235,redis:1236") over the send phase only
/// (sign-ins and connecting are password hashing and handshakes, not messaging), read from /proc/PID/stat.
/// </summary>
public static class ServerCpu
{
    public static Dictionary<string, double> Read()
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var entry in (Environment.GetEnvironmentVariable("BENCH_SERVER_PIDS") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, pid) = (entry.Split(':')[0], entry.Split(':')[1]);
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after "pid (comm) state".
                result[name] = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
            }
            catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
            {
                Console.Error.WriteLine($"   (no CPU figure for {name}: {e.Message})");
            }
        }
        return result;
    }

    public static void Report(string label, Dictionary<string, double> before, Dictionary<string, double> after, long messages)
    {
        if (after.Count == 0)
        {
            return;
        }
        var parts = after.Keys.Where(before.ContainsKey)
            .Select(k => string.Create(CultureInfo.InvariantCulture, $"{k} {(after[k] - before[k]) * 1000 / messages:0.00}"));
        var total = after.Keys.Where(k => before.ContainsKey(k)).Sum(k => after[k] - before[k]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU    {label,-44} {total * 1000 / messages:0.00} ms CPU per message sent, all servers ({string.Join(", ", parts)}; {total:0.0} s over {messages} messages)"));
    }

    /// <summary>Resident memory (MiB) of the same processes, from /proc/PID/status.</summary>
    public static Dictionary<string, double> ReadRss()
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var entry in (Environment.GetEnvironmentVariable("BENCH_SERVER_PIDS") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, pid) = (entry.Split(':')[0], entry.Split(':')[1]);
            try
            {
                var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                result[name] = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
            catch (Exception e) when (e is IOException or FormatException or InvalidOperationException)
            {
                Console.Error.WriteLine($"   (no RSS figure for {name}: {e.Message})");
            }
        }
        return result;
    }

    /// <summary>Server memory before and after opening the connections, and the growth per connection.</summary>
    public static void ReportRss(string label, Dictionary<string, double> before, Dictionary<string, double> after, int connections)
    {
        var parts = after.Keys.Where(before.ContainsKey)
            .Select(k => string.Create(CultureInfo.InvariantCulture, $"{k} {before[k]:0} → {after[k]:0} MiB"));
        var growth = after.Keys.Where(before.ContainsKey).Sum(k => after[k] - before[k]);
        if (after.Count > 0 && connections > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"MEMORY {label,-44} {growth * 1024 / connections:0.0} KiB RSS per connection over {connections} connections ({string.Join(", ", parts)})"));
        }
    }
}
