using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Tests.Cms;
using ContentPlatform.Tests.Infrastructure;
using ContentPlatform.Tests.Media;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ContentPlatform.Tests.Telemetry;

/// <summary>
/// The Cms's background work as an operator sees it: a media job is a trace of its own with its queries, and its
/// duration is measured; each webhook attempt is a span around its POST, and retries are counted.
/// </summary>
[Collection(TelemetryRunsAlone.Name)]
public sealed class CmsTelemetryTests
{
    [Fact]
    public async Task Each_webhook_attempt_is_a_span_around_its_post_and_the_failed_ones_are_counted_as_retries()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var receiver = builder.Build();
        var calls = 0;
        receiver.MapPost("/hook", () => Results.StatusCode(Interlocked.Increment(ref calls) <= 2 ? 500 : 200));
        await receiver.StartAsync();
        await using var app = await TracedCms.CreateAsync(Db.Sqlite, new Dictionary<string, string?>
        {
            ["Webhooks:Endpoints:0:Url"] = receiver.Urls.First() + "/hook",
            ["Webhooks:Endpoints:0:Secret"] = "webhook-secret-for-tests-0123456789",
            ["Webhooks:FirstRetryDelay"] = "00:00:00",
        });

        await CmsPublishing.PublishAsync(app.Services, SamplePrograms.Draft());

        var spans = await app.SpansWhenAsync(s => s.Count(a => a.DisplayName == "webhook delivery") == 3);
        var attempts = spans.Where(a => a.DisplayName == "webhook delivery").OrderBy(a => a.StartTimeUtc).ToList();
        Assert.Equal([1, 2, 3], attempts.Select(a => (int)a.GetTagItem("contentplatform.webhook.attempt")!));
        var posts = attempts.Select(attempt => Assert.Single(spans, a =>
            a.Kind == ActivityKind.Client && a.Source.Name == "System.Net.Http" && a.ParentSpanId == attempt.SpanId)).ToList();
        Assert.Equal([500, 500, 200], posts.Select(p => (int)p.GetTagItem("http.response.status_code")!));
        var retries = app.Metrics().Last(m => m.Name == "contentplatform.webhooks.retries");
        var scheduled = Assert.Single(retries.MetricPoints, p => HasTag(p, "outcome", "retry_scheduled"));
        Assert.Equal(2, scheduled.GetSumLong());
    }

    [Fact]
    public async Task A_media_job_is_a_trace_of_its_own_holding_its_database_commands_and_its_duration_is_measured()
    {
        await using var app = await TracedCms.CreateAsync(Db.Sqlite, new Dictionary<string, string?>());
        var key = await StaffAccounts.CreateAsync(app.Services, "mia@example.no", "Mia", MediaApp.Password, enrol: true, StaffRoles.Editor);
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await StaffAccounts.SignInAsync(client, "mia@example.no", MediaApp.Password, key!)).StatusCode);
        client.DefaultRequestHeaders.Add("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        using var png = new ByteArrayContent(Convert.FromBase64String(OnePixelPng));

        var created = await (await client.PostAsync($"{MediaApp.Api}?fileName=Prikk.png", png)).Content.ReadFromJsonAsync<JsonElement>();
        await MediaApp.WaitForJobAsync(client, created.GetProperty("job").GetProperty("id").GetInt64());

        var spans = await app.SpansWhenAsync(s => s.Any(a => a.DisplayName == "media job"));
        var job = Assert.Single(spans, a => a.DisplayName == "media job");
        Assert.Equal(default, job.ParentSpanId);
        Assert.Equal("done", job.GetTagItem("contentplatform.media.job.outcome"));
        Assert.Contains(spans, a => a.IsDatabase() && a.DisplayName == "UPDATE" && a.Under(job, spans));
        var durations = app.Metrics().Last(m => m.Name == "contentplatform.media.job.duration");
        Assert.Single(durations.MetricPoints, p => HasTag(p, "outcome", "done"));
    }

    private const string OnePixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    private static bool HasTag(OpenTelemetry.Metrics.MetricPoint point, string key, string value)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key && tag.Value as string == value)
            {
                return true;
            }
        }
        return false;
    }
}
