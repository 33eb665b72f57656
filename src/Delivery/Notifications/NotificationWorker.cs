using Microsoft.Extensions.Options;

namespace ContentPlatform.Delivery.Notifications;

/// <summary>Every <c>Notifications:SweepInterval</c>: a sweep for what is due, then a dispatch pass. Runs on every instance.</summary>
internal sealed class NotificationWorker(NotificationSweep sweep, NotificationDispatcher dispatcher, IOptions<NotificationOptions> options,
    TimeProvider clock, ILogger<NotificationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await sweep.RunAsync(stoppingToken);
                await dispatcher.DispatchDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Notification pass failed");
            }
            await Task.Delay(options.Value.SweepInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
