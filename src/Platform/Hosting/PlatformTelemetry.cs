using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ContentPlatform.Platform.Hosting;

/// <summary>
/// Traces and metrics with OpenTelemetry, the same for both apps (docs/observability.md). Off unless an OTLP collector is
/// named with the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>: nothing is collected or exported by default, so an
/// installation without monitoring pays nothing. <c>Telemetry:Enabled=true</c> collects without exporting (tests add
/// their own in-memory exporter to the providers).
/// </summary>
public static class PlatformTelemetry
{
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Hub invocations: ASP.NET Core's own span per hub method call (rpc.service, rpc.method; never arguments).</summary>
    public const string HubSource = "Microsoft.AspNetCore.SignalR.Server";

    /// <summary>
    /// Traces from <paramref name="appName"/>'s ActivitySource and metrics from its Meter, beside incoming and outgoing HTTP,
    /// hub calls, database commands (<see cref="DatabaseTelemetry"/>) and the framework's own meters (request duration,
    /// live SignalR connections, Kestrel connections).
    /// </summary>
    public static WebApplicationBuilder AddPlatformTelemetry(this WebApplicationBuilder builder, string appName)
    {
        var endpoint = builder.Configuration[EndpointSetting];
        var export = !string.IsNullOrWhiteSpace(endpoint);
        if (!export && !builder.Configuration.GetValue("Telemetry:Enabled", false))
        {
            return builder;
        }
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(appName))
            .WithTracing(t =>
            {
                t.AddSource(appName, DatabaseTelemetry.SourceName, HubSource)
                    .AddAspNetCoreInstrumentation(o => o.EnrichWithHttpResponse = RedactSecretRouteValues)
                    .AddHttpClientInstrumentation();
                if (export)
                {
                    t.AddOtlpExporter();
                }
            })
            .WithMetrics(m =>
            {
                m.AddMeter(appName, Mail.MailTelemetry.Name, "Microsoft.AspNetCore.Http.Connections", "Microsoft.AspNetCore.Server.Kestrel")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                if (export)
                {
                    m.AddOtlpExporter();
                }
            });
        // Logs stay on stdout (Logging:*): they are not sent to the collector.
        return builder;
    }

    /// <summary>
    /// Route values that are secrets (an invitation code is a one-time credential) are left out of the recorded path: the
    /// span keeps the route template instead. Query strings are already redacted by the instrumentation.
    /// </summary>
    private static void RedactSecretRouteValues(System.Diagnostics.Activity activity, HttpResponse response)
    {
        if (response.HttpContext.GetEndpoint() is RouteEndpoint { RoutePattern: var pattern }
            && pattern.Parameters.Any(p => SecretRouteValues.Contains(p.Name)))
        {
            activity.SetTag("url.path", pattern.RawText);
        }
    }

    private static readonly HashSet<string> SecretRouteValues = new(StringComparer.OrdinalIgnoreCase) { "code", "token" };
}
