using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContentPlatform.Platform.Hosting;

/// <summary>Healthy when the app's database answers a query; the reason is reported when it does not.</summary>
public sealed class DatabaseHealthCheck<TContext>(TContext db) : IHealthCheck where TContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // Reading the migration history touches the real schema: a reachable server with a missing or damaged
            // database is reported, not just an open socket.
            var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Count();
            return applied > 0
                ? HealthCheckResult.Healthy($"{db.Database.ProviderName} answers ({applied} migrations applied)")
                : HealthCheckResult.Unhealthy($"{db.Database.ProviderName}: the schema has not been created");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy($"{db.Database.ProviderName}: {e.GetBaseException().Message}");
        }
    }
}

public static class HealthEndpoints
{
    public static IServiceCollection AddPlatformHealth<TContext>(this IServiceCollection services) where TContext : DbContext
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck<TContext>>("database");
        return services;
    }

    /// <summary>GET /health: 200 with each check's description, or 503 with the failing check's reason.</summary>
    public static IEndpointConventionBuilder MapPlatformHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResponseWriter = static (context, report) =>
            {
                context.Response.ContentType = "application/json; charset=utf-8";
                context.Response.Headers.CacheControl = "no-store";
                var body = new
                {
                    status = report.Status.ToString(),
                    checks = report.Entries.ToDictionary(e => e.Key, e => new
                    {
                        status = e.Value.Status.ToString(),
                        description = e.Value.Description,
                    }),
                };
                return context.Response.WriteAsync(JsonSerializer.Serialize(body, HealthJson.Options));
            },
        });
}

internal static class HealthJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
