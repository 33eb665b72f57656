using ContentPlatform.Platform.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ContentPlatform.Cms.Data;

// Used only by `dotnet ef migrations add`; the connection strings are never opened. Identity's schema version comes
// from IdentitySetup, as it does at run time.
internal sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteCmsDbContext>
{
    public SqliteCmsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCmsDbContext>().UseSqlite("Data Source=design.db")
            .UseApplicationServiceProvider(IdentitySetup.DesignTimeServices()).Options);
}

internal sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresCmsDbContext>
{
    public PostgresCmsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCmsDbContext>().UseNpgsql("Host=localhost;Database=design")
            .UseApplicationServiceProvider(IdentitySetup.DesignTimeServices()).Options);
}
