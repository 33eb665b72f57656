namespace ContentPlatform.Cms.Programs;

/// <summary>Publishes approved programs whose scheduled time has come; checks every 15 seconds.</summary>
public sealed class PublishScheduler(IServiceScopeFactory scopes, TimeProvider clock, ILogger<PublishScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15), clock);
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
                logger.LogError(e, "Scheduled publishing failed; will try again");
            }
        }
    }
}
