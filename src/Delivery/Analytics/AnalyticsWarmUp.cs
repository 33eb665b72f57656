using Microsoft.Extensions.Options;

namespace ContentPlatform.Delivery.Analytics;

/// <summary>
/// Once the app has started, in the background: the aggregator's catch-up (whatever arrived since the last indicator
/// page, or every enrollment after an upgrade of the counters) and the landing page (all programs, the default period)
/// into the report cache. Without it the first analyst after a deploy pays for both, and for compiling the page's
/// queries. Start-up and readiness never wait for it, and a failure is logged, never fatal: the pages catch up
/// themselves anyway (<see cref="IndicatorQuery"/>).
/// </summary>
public sealed partial class AnalyticsWarmUp(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, IOptions<AnalyticsOptions> options,
    TimeProvider clock, ILogger<AnalyticsWarmUp> log) : BackgroundService
{
    /// <summary>What the warm-up did, for logs and the benchmark: null while it has not finished.</summary>
    public string? Outcome { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WarmUp)
        {
            Outcome = "off";
            return;
        }
        // After every hosted service has started (the database migrator among them) and the server listens.
        if (!await StartedAsync(stoppingToken))
        {
            return;
        }
        try
        {
            Outcome = await RunAsync(stoppingToken);
            LogDone(Outcome);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            Outcome = "stopped";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Never fatal (an exception out of a BackgroundService stops the host): the next page catches up by itself.
            Outcome = "failed";
            LogFailed(e);
        }
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var a = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var b = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The catch-up and the landing page; "no programs" when nothing is published yet (nothing to do).</summary>
    public async Task<string> RunAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var programs = await scope.ServiceProvider.GetRequiredService<AnalyticsCatalogue>().ProgramsAsync(ct);
        if (programs.Count == 0)
        {
            return "no programs";
        }
        var choice = PeriodChoice.Parse(null, null, null, null, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))!;
        // ComputeAsync catches up first and caches the report under the aggregator's generation.
        await scope.ServiceProvider.GetRequiredService<IndicatorQuery>()
            .ComputeAsync(AnalyticsCatalogue.Resolve("all", programs)!, programs, choice.Period, choice.Bucket, ct);
        return "caught up, landing page cached";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Analytics warm-up: {Outcome}")]
    private partial void LogDone(string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Analytics warm-up failed; the first indicator page will catch up instead")]
    private partial void LogFailed(Exception e);
}
