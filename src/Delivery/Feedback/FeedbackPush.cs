using System.Net.Http.Json;
using System.Text.Json;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Platform.Hosting;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Delivery.Feedback;

/// <summary>Section "Feedback": how often Delivery sends its feedback aggregates to the Cms.</summary>
public sealed class FeedbackOptions
{
    public const string Section = "Feedback";

    /// <summary>Between two pushes; a clinic admin can also send at once from /admin/feedback (and forwarding does).</summary>
    public TimeSpan PushInterval { get; set; } = TimeSpan.FromHours(1);

    public static SettingProblem? Check(FeedbackOptions options, IHostEnvironment environment) =>
        options.PushInterval < TimeSpan.FromSeconds(10) ? new("Feedback:PushInterval", "must be at least 00:00:10.") : null;
}

/// <summary>
/// Delivery → Cms, aggregates only: builds the report (<see cref="FeedbackAggregator"/>) and POSTs it to the Cms's
/// /api/feedback with the content API key Delivery already reads releases with (Cms:ApiKey), on a timer and on demand.
/// The direction is a push so the Cms needs no credentials for, or route into, the patient side. A failure is logged
/// and retried at the next tick; the report replaces the previous one whole, so a missed push loses nothing.
/// </summary>
public sealed class FeedbackPush(IServiceScopeFactory scopes, IHttpClientFactory http, CmsSync sync, IOptions<FeedbackOptions> options,
    TimeProvider clock, ILogger<FeedbackPush> logger) : BackgroundService
{
    private readonly SemaphoreSlim _once = new(1, 1);

    public override void Dispose()
    {
        _once.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!sync.Enabled)
        {
            return;
        }
        using var timer = new PeriodicTimer(options.Value.PushInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await PushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
    }

    /// <summary>One push; true when the Cms took it. Never throws for a Cms that is down or refuses.</summary>
    public async Task<bool> PushAsync(CancellationToken ct)
    {
        if (!sync.Enabled)
        {
            return false;
        }
        await _once.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<FeedbackAggregator>().BuildAsync(ct);
            var client = http.CreateClient(CmsSync.HttpClientName);
            // Web defaults, not ContractJson: a hidden count must be written as null, and the Cms wants every field.
            using var response = await client.PostAsJsonAsync("api/feedback", report, JsonSerializerOptions.Web, ct);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("The Cms refused the feedback report: {Status}", (int)response.StatusCode);
                return false;
            }
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning("The Cms could not be reached with the feedback report: {Error}", e.Message);
            return false;
        }
        finally
        {
            _once.Release();
        }
    }
}
