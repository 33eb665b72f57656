using ContentPlatform.Delivery.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Delivery.AccessLogs;

/// <summary>
/// At start-up (after the migrations) seals the chains written before the chain was keyed, once; then every
/// <see cref="AccessLogOptions.AnchorInterval"/> anchors the heads this instance wrote, and once more on shutdown.
/// </summary>
public sealed class AccessLogAnchoring(IServiceScopeFactory scopes, AccessLogAnchors anchors, IOptions<AccessLogOptions> options,
    TimeProvider clock, ILogger<AccessLogAnchoring> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await anchors.IsSealedAsync(cancellationToken))
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
            var heads = await db.AccessLog.AsNoTracking()
                .Where(a => a.Sequence == db.AccessLog.Where(b => b.PatientId == a.PatientId).Max(b => b.Sequence))
                .Select(a => new { a.PatientId, a.Sequence, a.Hash }).ToListAsync(cancellationToken);
            if (heads.Count > 0)
            {
                // Upgrade from the unkeyed chain, or a lost anchor file: what the database holds now is pinned as it is.
                logger.LogWarning("Sealing {Chains} access-log chains written before this anchor file existed", heads.Count);
            }
            await anchors.SealAsync(heads.Select(h => (h.PatientId, h.Sequence, h.Hash)), cancellationToken);
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.AnchorInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        try
        {
            await anchors.FlushAsync(ct);
        }
        catch (IOException e)
        {
            // The heads are lost for this round; the next write of each chain is anchored next time.
            logger.LogError(e, "Could not append to the access-log anchor file");
        }
    }
}
