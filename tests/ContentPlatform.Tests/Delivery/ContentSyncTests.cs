using System.Net;
using System.Text;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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

        Assert.Equal(1, await cms.Services.PublishAsync(SamplePrograms.Guided() with { Questionnaires = [SamplePrograms.SafeWeekly()] }));
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

    [Fact]
    public async Task The_webhook_endpoint_refuses_a_stale_timestamp_and_a_tampered_body_and_accepts_a_fresh_signature()
    {
        await using var delivery = await Apps.DeliveryAsync(Db.Sqlite, new Dictionary<string, string?> { ["Cms:WebhookSecret"] = Secret });
        var client = delivery.CreateClient();
        var body = EventBody();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        // A delivery captured ten minutes ago, replayed with its own (then valid) MAC.
        var stale = WebhookSignature.Sign(Secret, now - 600, body);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostWebhookAsync(client, body, stale)).StatusCode);
        // A fresh MAC over a body that was changed on the way.
        var fresh = WebhookSignature.Sign(Secret, now, body);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("release.published", "release.withdrawn", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostWebhookAsync(client, tampered, fresh)).StatusCode);
        // The untouched delivery passes: the refusals above are about the timestamp and the body, nothing else.
        Assert.Equal(HttpStatusCode.NoContent, (await PostWebhookAsync(client, body, fresh)).StatusCode);
    }

    [Fact]
    public async Task Without_a_webhook_secret_Delivery_refuses_every_webhook()
    {
        await using var delivery = await Apps.DeliveryAsync(Db.Sqlite);
        var client = delivery.CreateClient();
        var body = EventBody();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var emptyKeyMac = $"t={now},v1={Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Array.Empty<byte>(), Encoding.UTF8.GetBytes($"{now}.").Concat(body).ToArray()))}";
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostWebhookAsync(client, body, emptyKeyMac)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostWebhookAsync(client, body, WebhookSignature.Sign(Secret, now, body))).StatusCode);
    }

    [Fact]
    public async Task A_release_whose_content_does_not_match_its_hash_is_refused_and_the_previous_release_is_still_served()
    {
        var program = SamplePrograms.Guided();
        var changed = SamplePrograms.WithoutFirstExercise(program);
        // Release 2 as a tampered Cms (or anything on the way) would serve it: its content altered after the hash was taken.
        var honest = ReleaseStore.Parse(SamplePrograms.ReleaseJson(changed, 2));
        var forged = System.Text.Json.JsonSerializer.Serialize(honest with
        {
            Content = changed with { Title = LocalizedText.Of("Endret i smug", "Endra i smug") },
        }, ContractJson.Options);
        await using var cms = new FakeCms(
            new ProgramSummary(program.Id, program.Slug, program.Kind, program.Organisation, program.Title, program.Summary, 2,
                honest.PublishedAt, honest.ContentHash, false), forged);
        await cms.StartAsync();
        var log = new List<string>();
        await using var delivery = await Apps.DeliveryAsync(Db.Sqlite, new Dictionary<string, string?>
        {
            ["Cms:BaseUrl"] = cms.Url, ["Cms:ApiKey"] = ApiKey, ["Cms:PollInterval"] = "01:00:00",
        });
        await delivery.Services.StoreReleaseAsync(program, 1);
        var sync = ActivatorUtilities.CreateInstance<CmsSync>(delivery.Services, new ListLogger<CmsSync>(log));

        Assert.True(await sync.SyncAsync(CancellationToken.None));

        var store = delivery.Services.GetRequiredService<ReleaseStore>();
        Assert.Equal(1, (await store.ProgramAsync(program.Id))?.LatestRelease);
        Assert.Null(await store.GetAsync(program.Id, 2));
        Assert.Contains(log, line => line.Contains("Refused release 2 of rolig-pust", StringComparison.Ordinal)
                                     && line.Contains(honest.ContentHash, StringComparison.Ordinal));
        // The catalogue is not marked as seen: the next poll asks for all of it again (no If-None-Match) and refuses again.
        Assert.True(await sync.SyncAsync(CancellationToken.None));
        Assert.Equal(0, cms.ConditionalCatalogueRequests);
        Assert.Equal(2, log.Count(line => line.StartsWith("Refused release 2", StringComparison.Ordinal)));
        Assert.Equal(1, (await store.ProgramAsync(program.Id))?.LatestRelease);
    }

    /// <summary>A stand-in Cms content API on a free port: one catalogue entry and the release it points at.</summary>
    private sealed class FakeCms : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _conditional;

        public FakeCms(ProgramSummary summary, string releaseJson)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            _app = builder.Build();
            _app.MapGet("/api/v1/programs", (HttpContext http) =>
            {
                if (http.Request.Headers.IfNoneMatch.Count > 0)
                {
                    Interlocked.Increment(ref _conditional);
                }
                http.Response.Headers.ETag = "\"catalogue-1\"";
                return Results.Text(System.Text.Json.JsonSerializer.Serialize(new[] { summary }, ContractJson.Options), "application/json");
            });
            _app.MapGet("/api/v1/programs/{slug}/releases/{number:int}", () => Results.Text(releaseJson, "application/json"));
        }

        public int ConditionalCatalogueRequests => _conditional;

        public string Url => _app.Urls.First() + "/";

        public Task StartAsync() => _app.StartAsync();

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    private sealed class ListLogger<T>(List<string> lines) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (lines)
            {
                lines.Add(formatter(state, exception));
            }
        }
    }

    private static byte[] EventBody() => Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(
        new ReleaseEvent("release.published", SamplePrograms.GuidedId, SamplePrograms.GuidedId, 1, DateTimeOffset.UtcNow), ContractJson.Options));

    private static async Task<HttpResponseMessage> PostWebhookAsync(HttpClient client, byte[] body, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/cms") { Content = new ByteArrayContent(body) };
        request.Headers.Add(WebhookSignature.Header, signature);
        return await client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> SignedWebhookAsync(HttpClient client, string secret)
    {
        var body = EventBody();
        return PostWebhookAsync(client, body, WebhookSignature.Sign(secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body));
    }
}
