using ContentPlatform.Platform.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ContentPlatform.Delivery.Data;

// Used only by `dotnet ef migrations add`; the connection strings are never opened. Identity's schema version comes
// from IdentitySetup, as it does at run time.
internal sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteDeliveryDbContext>
{
    public SqliteDeliveryDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteDeliveryDbContext>().UseSqlite("Data Source=design.db")
            .UseApplicationServiceProvider(IdentitySetup.DesignTimeServices()).Options);
}

internal sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresDeliveryDbContext>
{
    public PostgresDeliveryDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresDeliveryDbContext>().UseNpgsql("Host=localhost;Database=design")
            .UseApplicationServiceProvider(IdentitySetup.DesignTimeServices()).Options);
}
