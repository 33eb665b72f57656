using System.Text;
using ContentPlatform.Cms.Data;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Cms.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Cms.Webhooks;

/// <summary>
/// Sends due webhook deliveries: signed POSTs, retried with exponential back-off until delivered or out of attempts.
/// Deliveries survive restarts (they are rows), and each attempt's status or error is kept in the delivery log.
/// </summary>
public sealed class WebhookSender(IServiceScopeFactory scopes, IHttpClientFactory http, IOptions<WebhookOptions> options,
    TimeProvider clock, ILogger<WebhookSender> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Webhook sender pass failed");
            }
            await Task.Delay(PollInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>One pass over due deliveries; returns how many were delivered.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var now = clock.GetUtcNow();
        var nowUnix = now.ToUnixTimeSeconds();
        var due = await db.WebhookDeliveries.Where(d => d.DueAt != null && d.DueAt <= nowUnix).OrderBy(d => d.Id).Take(50).ToListAsync(ct);
        var delivered = 0;
        foreach (var delivery in due)
        {
            var secret = options.Value.Endpoints.FirstOrDefault(e => e.Url == delivery.Url)?.Secret;
            delivery.Attempts++;
            using var span = CmsTelemetry.Source.StartActivity("webhook delivery"); // the POST's HTTP span sits inside it
            span?.SetTag("contentplatform.webhook.attempt", delivery.Attempts);
            try
            {
                if (secret is null)
                {
                    throw new InvalidOperationException("endpoint no longer configured");
                }
                var body = Encoding.UTF8.GetBytes(delivery.PayloadJson);
                using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
                request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(secret, clock.GetUtcNow().ToUnixTimeSeconds(), body));
                request.Headers.Add("X-ContentPlatform-Delivery", delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                using var response = await http.CreateClient(nameof(WebhookSender)).SendAsync(request, ct);
                delivery.LastStatus = (int)response.StatusCode;
                if (!response.IsSuccessStatusCode)
                {
                    throw new HttpRequestException($"HTTP {(int)response.StatusCode}");
                }
                delivery.DeliveredAt = clock.GetUtcNow();
                delivery.NextAttemptAt = null;
                delivery.DueAt = null;
                delivery.LastError = null;
                delivered++;
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
            {
                delivery.LastError = e.Message;
                if (delivery.Attempts >= options.Value.MaxAttempts)
                {
                    delivery.NextAttemptAt = null;
                    delivery.DueAt = null;
                    logger.LogWarning("Webhook {Id} to {Url} given up after {Attempts} attempts: {Error}", delivery.Id, delivery.Url, delivery.Attempts, e.Message);
                    CmsTelemetry.WebhookRetries.Add(1, new KeyValuePair<string, object?>("outcome", "given_up"));
                }
                else
                {
                    var next = now + options.Value.FirstRetryDelay * Math.Pow(2, delivery.Attempts - 1);
                    delivery.NextAttemptAt = next;
                    delivery.DueAt = next.ToUnixTimeSeconds();
                    CmsTelemetry.WebhookRetries.Add(1, new KeyValuePair<string, object?>("outcome", "retry_scheduled"));
                }
            }
        }
        await db.SaveChangesAsync(ct);
        return delivered;
    }
}
