using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ContentPlatform.Cms.Telemetry;

/// <summary>
/// The Cms's own spans and instruments (docs/observability.md). Static for the same reason as an ActivitySource: a Meter
/// is a process-wide name, and a feature records with one line. Labels are fixed words (a job outcome, a retry outcome).
/// </summary>
public static class CmsTelemetry
{
    public const string Name = "ContentPlatform.Cms";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Gauge<long> MediaJobQueue = Meter.CreateGauge<long>("contentplatform.media.jobs.queued", "{job}",
        "Media jobs waiting to be processed, as the job runner last counted them.");

    public static readonly Histogram<double> MediaJobDuration = Meter.CreateHistogram<double>("contentplatform.media.job.duration", "s",
        "Time from a media job's start to its end (label outcome: done or failed).");

    public static readonly Counter<long> WebhookRetries = Meter.CreateCounter<long>("contentplatform.webhooks.retries", "{attempt}",
        "Webhook attempts that failed (label outcome: retry_scheduled, or given_up after the last attempt).");
}
