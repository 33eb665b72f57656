namespace ContentPlatform.Cms.Programs;

/// <summary>
/// Publishes approved programs whose scheduled time has come ("publish at" in the review page). Checks every
/// 30 seconds; several Cms instances may run it, since a publish is one transaction guarded by the draft's version.
/// </summary>
public sealed class ScheduledPublisher(IServiceScopeFactory scopes, ILogger<ScheduledPublisher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var published = await scope.ServiceProvider.GetRequiredService<ProgramWorkflow>().PublishDueAsync(stoppingToken);
                if (published > 0)
                {
                    logger.LogInformation("Published {Count} scheduled program(s)", published);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed round (database busy, a concurrent save) is retried at the next tick.
                logger.LogWarning(e, "Scheduled publishing failed; retrying in {Interval}", Interval);
            }
        }
    }
}
