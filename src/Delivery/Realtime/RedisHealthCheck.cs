using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContentPlatform.Delivery.Realtime;

/// <summary>
/// Redis is degraded, never down, when away: messages are still stored and reach this instance's connections, and
/// clients on other instances catch up from the database when it returns. /health says so with the reason.
/// </summary>
public sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(redis.IsConnected
            ? HealthCheckResult.Healthy("Redis answers: live events and signals reach every instance")
            : HealthCheckResult.Degraded(
                $"Redis unreachable ({redis.LastFailure}): live events reach this instance's connections only; clients on other instances catch up from the database when it returns"));
}
