using ContentPlatform.Delivery.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Data;

/// <summary>
/// The delivery store: patients, staff in care, enrollments, answers, progress, messages, access log. Health data lives
/// here and only here; the Cms database never sees it.
/// </summary>
public class DeliveryDbContext(DbContextOptions options) : IdentityDbContext<DeliveryUser>(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(DeliveryDbContext).Assembly);
    }
}

/// <summary>SQLite flavour; its migrations live in Data/Migrations/Sqlite.</summary>
public sealed class SqliteDeliveryDbContext(DbContextOptions<SqliteDeliveryDbContext> options) : DeliveryDbContext(options);

/// <summary>PostgreSQL flavour; its migrations live in Data/Migrations/Postgres.</summary>
public sealed class PostgresDeliveryDbContext(DbContextOptions<PostgresDeliveryDbContext> options) : DeliveryDbContext(options);
