using System.Net;
using System.Text.Json;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace ContentPlatform.Tests.Foundation;

public sealed class HealthTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Cms_health_is_200_when_its_database_answers(Db db)
    {
        await using var app = await Apps.CmsAsync(db);
        var response = await app.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Contains(db == Db.Sqlite ? "Sqlite" : "PostgreSQL", body.GetProperty("checks").GetProperty("database").GetProperty("description").GetString());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Delivery_health_is_200_when_its_database_answers(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        var response = await app.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Health_is_503_with_the_reason_when_the_database_is_gone(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        if (db == Db.Postgres)
        {
            await (await PostgresCluster.GetAsync()).DropDatabaseAsync(app.Database.ConnectionString!);
        }
        else
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in Directory.GetFiles(app.Database.DataPath, "delivery.db*"))
            {
                File.Delete(file);
            }
        }

        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("checks").GetProperty("database").GetProperty("description").GetString()));
    }
}
