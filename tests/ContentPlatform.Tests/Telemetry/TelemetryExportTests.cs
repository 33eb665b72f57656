using System.Collections.Concurrent;
using System.Net;
using ContentPlatform.Delivery;
using ContentPlatform.Platform.Hosting;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ContentPlatform.Tests.Telemetry;

/// <summary>Telemetry leaves the app only for a collector someone named with the standard OTLP variable.</summary>
[Collection(TelemetryRunsAlone.Name)]
public sealed class TelemetryExportTests
{
    [Fact]
    public async Task Without_a_collector_nothing_is_collected_and_with_one_traces_and_metrics_are_sent_to_it_over_otlp()
    {
        await using (var plain = await Apps.DeliveryAsync(Db.Sqlite))
        {
            Assert.Equal(HttpStatusCode.OK, (await plain.CreateClient().GetAsync("/health")).StatusCode);
            Assert.Null(plain.Services.GetService<TracerProvider>());
            Assert.Null(plain.Services.GetService<MeterProvider>());
        }

        using var collector = new OtlpReceiver();
        await using var app = new AppFactory<DeliveryApp>(await TestDatabase.CreateAsync(Db.Sqlite, "delivery"), new Dictionary<string, string?>
        {
            [PlatformTelemetry.EndpointSetting] = collector.Url, ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health")).StatusCode);
        // The server span ends just after the response: flush until the exporter has had it (ForceFlush waits for the export).
        await collector.WaitForAsync("/v1/traces", () => app.Services.GetRequiredService<TracerProvider>().ForceFlush());
        await collector.WaitForAsync("/v1/metrics", () => app.Services.GetRequiredService<MeterProvider>().ForceFlush());
    }

    /// <summary>Just enough of an OTLP/HTTP collector to see what arrives: answers 200 to every POST and notes its path.</summary>
    private sealed class OtlpReceiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentQueue<string> _received = new();

        public OtlpReceiver()
        {
            Url = $"http://127.0.0.1:{Apps.FreePort()}";
            _listener.Prefixes.Add(Url + "/");
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public async Task WaitForAsync(string path, Func<bool> flush)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!_received.Contains(path))
            {
                Assert.True(DateTime.UtcNow < deadline, $"nothing arrived at {path}; received: {string.Join(", ", _received)}");
                flush();
                await Task.Delay(20);
            }
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                if (context.Request.HttpMethod == "POST" && context.Request.ContentType == "application/x-protobuf")
                {
                    _received.Enqueue(context.Request.Url!.AbsolutePath);
                }
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }
}
