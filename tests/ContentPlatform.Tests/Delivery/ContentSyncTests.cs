using System.Net;
using System.Text;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Shared.Contract;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Delivery;

public sealed class ContentSyncTests
{
    private const string ApiKey = "delivery-test-key-0123456789abcdefghij";
    private const string Secret = "webhook-secret-0123456789";

    [Fact]
    public async Task Delivery_fetches_a_published_release_on_the_webhook_and_keeps_serving_it_when_the_Cms_is_down()
    {
        var cms = (await Apps.CmsAsync(Db.Sqlite, new Dictionary<string, string?>
        {
            ["ContentApi:Keys:0:Name"] = "delivery", ["ContentApi:Keys:0:Key"] = ApiKey,
        })).UseRealServer();
        var settings = new Dictionary<string, string?>
        {
            ["Cms:BaseUrl"] = cms.ClientOptions.BaseAddress.ToString(), ["Cms:ApiKey"] = ApiKey, ["Cms:WebhookSecret"] = Secret,
            ["Cms:PollInterval"] = "01:00:00",
        };
        await using var delivery = await Apps.DeliveryAsync(Db.Sqlite, settings);
        _ = delivery.CreateClient(); // starts the app (and its first, empty sync)

        Assert.Equal(1, await cms.Services.PublishAsync(SamplePrograms.Guided()));
        var webhook = await SignedWebhookAsync(delivery.CreateClient(), Secret);
        Assert.Equal(HttpStatusCode.NoContent, webhook.StatusCode);
        var store = delivery.Services.GetRequiredService<ReleaseStore>();
        Assert.Equal(1, (await store.ProgramAsync(SamplePrograms.GuidedId))?.LatestRelease);

        var (_, enrollmentId) = await delivery.Services.EnrolledPatientAsync("anne@example.no");
        await cms.DisposeAsync(); // the Cms goes down

        // A second Delivery instance on the same database, its Cms unreachable: it serves from the stored releases.
        await using var second = new AppFactory<ContentPlatform.Delivery.DeliveryApp>(delivery.Database, new Dictionary<string, string?>(settings)
        {
            ["Cms:BaseUrl"] = "http://127.0.0.1:9/",
        });
        Assert.False(await second.Services.GetRequiredService<CmsSync>().SyncAsync(CancellationToken.None));
        var client = await second.SignedInClientAsync("anne@example.no");
        var page = await client.GetAsync(DeliveryKit.PageUrl(enrollmentId, 1));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Pust inn i fire sekunder", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_webhook_without_a_valid_signature_is_refused()
    {
        await using var delivery = await Apps.DeliveryAsync(Db.Sqlite, new Dictionary<string, string?> { ["Cms:WebhookSecret"] = Secret });
        var client = delivery.CreateClient();
        var unsigned = await client.PostAsync("/api/webhooks/cms", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        var wrongSecret = await SignedWebhookAsync(client, "another-secret-0123456789");
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
    }

    private static async Task<HttpResponseMessage> SignedWebhookAsync(HttpClient client, string secret)
    {
        var body = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(
            new ReleaseEvent("release.published", SamplePrograms.GuidedId, SamplePrograms.GuidedId, 1, DateTimeOffset.UtcNow), ContractJson.Options));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/cms") { Content = new ByteArrayContent(body) };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body));
        return await client.SendAsync(request);
    }
}
