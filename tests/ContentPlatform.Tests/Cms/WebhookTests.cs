using System.Collections.Concurrent;
using System.Text.Json;
using ContentPlatform.Cms.Data;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContentPlatform.Tests.Cms;

public sealed class WebhookTests
{
    private const string Secret = "webhook-secret-for-tests-0123456789";

    /// <summary>A real HTTP receiver on a free port that fails the first N deliveries.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        public ConcurrentQueue<(string Body, string? Signature, int Status)> Calls { get; } = new();

        public Receiver(int failures)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            _app = builder.Build();
            var seen = 0;
            _app.MapPost("/hook", async (HttpRequest request) =>
            {
                using var reader = new StreamReader(request.Body);
                var body = await reader.ReadToEndAsync();
                var status = Interlocked.Increment(ref seen) <= failures ? 500 : 200;
                Calls.Enqueue((body, request.Headers[WebhookSignature.Header].ToString(), status));
                return Results.StatusCode(status);
            });
        }

        public string Url => _app.Urls.First() + "/hook";

        public Task StartAsync() => _app.StartAsync();

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    [Fact]
    public async Task Publishing_sends_a_signed_webhook_and_retries_until_it_is_delivered()
    {
        await using var receiver = new Receiver(failures: 2);
        await receiver.StartAsync();
        await using var app = await Apps.CmsAsync(Db.Sqlite, new Dictionary<string, string?>
        {
            ["Webhooks:Endpoints:0:Url"] = receiver.Url,
            ["Webhooks:Endpoints:0:Secret"] = Secret,
            ["Webhooks:FirstRetryDelay"] = "00:00:00",
        });
        await CmsPublishing.PublishAsync(app.Services, SamplePrograms.Draft());

        var delivered = await WaitForAsync(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<CmsDbContext>().WebhookDeliveries.AsNoTracking().SingleAsync();
        }, d => d.DeliveredAt is not null);

        Assert.Equal(3, delivered.Attempts);
        Assert.Equal(200, delivered.LastStatus);
        Assert.Equal([500, 500, 200], receiver.Calls.Select(c => c.Status));
        foreach (var call in receiver.Calls)
        {
            Assert.True(WebhookSignature.Verify(Secret, call.Signature, System.Text.Encoding.UTF8.GetBytes(call.Body), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        }
        var payload = JsonSerializer.Deserialize<ReleaseEvent>(receiver.Calls.First().Body, ContractJson.Options)!;
        Assert.Equal(("release.published", "test-uro", 1), (payload.Event, payload.Slug, payload.Release));
    }

    [Fact]
    public void A_tampered_body_or_an_old_timestamp_fails_verification()
    {
        var body = "{\"event\":\"release.published\"}"u8.ToArray();
        var now = DateTimeOffset.UtcNow;
        var signature = WebhookSignature.Sign(Secret, now.ToUnixTimeSeconds(), body);
        Assert.True(WebhookSignature.Verify(Secret, signature, body, now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(Secret, signature, "{\"event\":\"release.withdrawn\"}"u8, now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("another-secret-another-secret", signature, body, now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(Secret, signature, body, now.AddMinutes(10), TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void The_signature_matches_a_known_answer_computed_independently()
    {
        // Computed with OpenSSL, not with our code:
        //   printf '%s' '1700000000.{"event":"release.published","programId":"test-uro","slug":"test-uro","release":1,"at":"2023-11-14T22:13:20+00:00"}' \
        //     | openssl dgst -sha256 -hmac 'webhook-secret-for-tests-0123456789'
        const string Body = """{"event":"release.published","programId":"test-uro","slug":"test-uro","release":1,"at":"2023-11-14T22:13:20+00:00"}""";
        const string Expected = "t=1700000000,v1=ec8fe24db67c0fce38f9183f1a6f3b29c02de07c0d8852c83d10f10cdf3571a8";
        var body = System.Text.Encoding.UTF8.GetBytes(Body);

        Assert.Equal(Expected, WebhookSignature.Sign(Secret, 1700000000, body));
        var at = DateTimeOffset.FromUnixTimeSeconds(1700000000);
        Assert.True(WebhookSignature.Verify(Secret, Expected, body, at.AddMinutes(4), TimeSpan.FromMinutes(5)));
        // The same MAC replayed later than the tolerance, or over a changed body, is refused.
        Assert.False(WebhookSignature.Verify(Secret, Expected, body, at.AddMinutes(6), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(Secret, Expected, System.Text.Encoding.UTF8.GetBytes(Body.Replace("\"release\":1", "\"release\":2")), at, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Without_a_secret_nothing_is_signed_and_nothing_verifies()
    {
        var body = "{}"u8.ToArray();
        var now = DateTimeOffset.UtcNow;
        // An empty HMAC key is a key everyone knows: a MAC made with it must never pass.
        var forged = $"t={now.ToUnixTimeSeconds()},v1={Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Array.Empty<byte>(), System.Text.Encoding.UTF8.GetBytes($"{now.ToUnixTimeSeconds()}.{{}}")))}";
        Assert.False(WebhookSignature.Verify("", forged, body, now, TimeSpan.FromMinutes(5)));
        Assert.Throws<ArgumentException>(() => WebhookSignature.Sign("", now.ToUnixTimeSeconds(), body));
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            await Task.Delay(TimeSpan.FromMilliseconds(50)); // poll interval while waiting for the condition
        }
    }
}
