using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ContentPlatform.Cms.Data;

// Used only by `dotnet ef migrations add`; the connection strings are never opened.
internal sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteCmsDbContext>
{
    public SqliteCmsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCmsDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresCmsDbContext>
{
    public PostgresCmsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCmsDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
