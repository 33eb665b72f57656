using Microsoft.Extensions.Options;

namespace ContentPlatform.Delivery.Workload;

/// <summary>
/// Closes work sessions nobody ended (a tab left open, a therapist who went home) in the background, so the week's load
/// and the patients' time are right without anyone opening <c>/staff/workload</c> first. Only sessions idle well past the
/// cap (<see cref="IdleAfterCap"/>) are closed here: one a little past it may still end in a reply, which should count as
/// writing. Runs on every instance; closing is under the write gate and a session is one row, so two instances cannot
/// close one twice.
/// </summary>
internal sealed class AbandonedSessions(IServiceScopeFactory scopes, IOptions<WorkloadOptions> options, TimeProvider clock,
    ILogger<AbandonedSessions> logger) : BackgroundService
{
    /// <summary>How long past the cap a session must sit before it counts as abandoned.</summary>
    public static readonly TimeSpan IdleAfterCap = TimeSpan.FromHours(1);

    /// <summary>How often to look: a session closes at most this late after becoming abandoned (it counts the cap anyway).</summary>
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(Every, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<WorkClock>().CloseAbandonedAsync(options.Value.SessionCap + IdleAfterCap, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Closing abandoned work sessions failed");
            }
        }
    }
}
