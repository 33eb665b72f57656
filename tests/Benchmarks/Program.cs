using ContentPlatform.Benchmarks;

// Modes:
//   cms-timings DATA_DIR CONTENT_DIR   import of content/ and publish of a 10-module program, with percentiles
//   baseline FILE PORT [TYPE]          a minimal Kestrel app serving FILE's bytes from memory (the HTTP baseline)
//   delivery-serve OUT_DIR             Delivery on a free port with a signed-in patient; writes url, cookie, page, weight
//   progress-writes sqlite|postgres S  progress-event commits per second: the app's write path vs bare INSERTs
//   echo-hub PORT                      a bare SignalR hub with the care hub's methods, no auth or database (messaging baseline)
//   messaging LABEL URLS [SEED]        message delivery latency through /hubs/care at URLS (comma-separated); SEED is
//                                      sqlite:PATH or postgres:CONNECTION to create users (omit for the echo hub).
//                                      Environment: BENCH_THREADS=100 BENCH_PER_SIDE=5 BENCH_RATE=200 BENCH_SECONDS=20 BENCH_WARMUP=5
//   analytics-timings DATA_DIR PATIENTS CONTENT_DIR [POSTGRES]   indicator computation over N synthetic patients
//   hub-clients raw|hubconnection URL N   memory and start time of N hub connections with one client kind (echo hub at URL)
//   notification-sweep DATA_DIR N [POSTGRES]   the due-notification sweep over N enrolments, and two instances at once
return args switch
{
    ["delivery-serve", var dir] => await DeliveryBench.ServeAsync(dir),
    ["progress-writes", var provider, var secs] => await DeliveryBench.ProgressWritesAsync(provider, int.Parse(secs, System.Globalization.CultureInfo.InvariantCulture)),
    ["baseline", var file, var port, var type] => await Baseline.RunAsync(file, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), type),
    ["cms-timings", var data, var content] => await CmsTimings.RunAsync(data, content),
    ["analytics-timings", var data, var n, var content] => await AnalyticsTimings.RunAsync(data, int.Parse(n, System.Globalization.CultureInfo.InvariantCulture), content, null),
    ["analytics-timings", var data, var n, var content, var pg] => await AnalyticsTimings.RunAsync(data, int.Parse(n, System.Globalization.CultureInfo.InvariantCulture), content, pg),
    ["baseline", var file, var port] => await Baseline.RunAsync(file, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture)),
    ["echo-hub", var port] => await EchoHubServer.RunAsync(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture)),
    ["messaging", var label, var urls, .. var seed] => await MessagingBenchmark.RunAsync(label, urls.Split(','), seed.FirstOrDefault(),
        Env("BENCH_THREADS", 100), Env("BENCH_PER_SIDE", 5), Env("BENCH_RATE", 200), Env("BENCH_SECONDS", 20), Env("BENCH_WARMUP", 5)),
    ["hub-clients", var kind, var url, var n] => await HubClientCost.RunAsync(kind, new Uri(url), int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)),
    ["notification-sweep", var data, var n] => await NotificationSweepTimings.RunAsync(data, int.Parse(n, System.Globalization.CultureInfo.InvariantCulture), null),
    ["notification-sweep", var data, var n, var pg] => await NotificationSweepTimings.RunAsync(data, int.Parse(n, System.Globalization.CultureInfo.InvariantCulture), pg),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: cms-timings DATA_DIR CONTENT_DIR | baseline FILE PORT [TYPE] | delivery-serve OUT_DIR | " +
                            "progress-writes sqlite|postgres SECONDS | echo-hub PORT | messaging LABEL URLS [SEED] | " +
                            "analytics-timings DATA_DIR PATIENTS CONTENT_DIR [POSTGRES] | hub-clients raw|hubconnection URL N | " +
                            "notification-sweep DATA_DIR N [POSTGRES]");
    return 2;
}

static int Env(string name, int fallback) =>
    int.TryParse(Environment.GetEnvironmentVariable(name), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : fallback;
