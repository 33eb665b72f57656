using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Feedback;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Feedback;

/// <summary>The Cms's POST /api/feedback takes aggregates from a Delivery installation with a content API key, and nothing else.</summary>
public sealed class FeedbackApiTests
{
    private const string KeyA = "trust-a-feedback-key-0123456789abcdefghij";
    private const string KeyB = "trust-b-feedback-key-0123456789abcdefghij";

    private const string Report = """
        {"minCellSize":5,"programs":[{"programId":"rolig-pust","pages":[{"release":2,"pageId":"p1","yes":12,"no":null,"comments":5}],
          "evaluation":[{"release":2,"questionnaireId":"evaluering","itemId":"nytte","respondents":10,"options":[{"value":0,"count":null},{"value":1,"count":null},{"value":2,"count":7}]}],
          "forwarded":[{"id":"6a3c2d4e-1f00-4c8e-9b1a-000000000001","release":2,"pageId":"p1","text":"Mer om søvn, takk.","forwardedAt":"2026-12-06T08:00:00+00:00"}]}]}
        """;

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_endpoint_refuses_a_missing_or_wrong_key_and_anything_not_an_aggregate_and_sums_installations(Db db)
    {
        await using var cms = await Apps.CmsAsync(db, new Dictionary<string, string?>
        {
            ["ContentApi:Keys:0:Name"] = "trust-a", ["ContentApi:Keys:0:Key"] = KeyA,
            ["ContentApi:Keys:1:Name"] = "trust-b", ["ContentApi:Keys:1:Key"] = KeyB,
        });
        var client = cms.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(client, null, Report)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(client, "wrong-key-0123456789abcdefghijklmnopqrs", Report)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(client, KeyA, Report)).StatusCode);

        string[] notAggregates =
        [
            Report.Replace("\"yes\":12", "\"yes\":3", StringComparison.Ordinal), // a small count that was not suppressed
            Report.Replace("\"count\":7", "\"count\":1", StringComparison.Ordinal),
            Report.Replace("\"pageId\":\"p1\",\"yes\"", "\"pageId\":\"p1\",\"patientId\":\"u-1\",\"yes\"", StringComparison.Ordinal), // an unknown field
            Report.Replace("\"comments\":5", "\"comments\":5,\"comment\":\"Jeg heter Anne\"", StringComparison.Ordinal),
            Report.Replace("Mer om søvn, takk.", new string('x', 501), StringComparison.Ordinal),
            Report.Replace("\"minCellSize\":5", "\"minCellSize\":1", StringComparison.Ordinal),
            Report.Replace("\"pages\":[", "\"pages\":null,\"x\":[", StringComparison.Ordinal),
            "[1,2,3]",
        ];
        foreach (var body in notAggregates)
        {
            var refused = await PostAsync(client, KeyA, body);
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{refused.StatusCode} for {body}");
        }

        // A second installation's report is kept beside the first and summed; the refused ones changed nothing.
        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(client, KeyB, Report.Replace("\"no\":null", "\"no\":6", StringComparison.Ordinal))).StatusCode);
        await using var scope = cms.Services.CreateAsyncScope();
        var line = await scope.ServiceProvider.GetRequiredService<FeedbackSummaries>().LatestForPageAsync("rolig-pust", "p1", CancellationToken.None);
        Assert.Equal(new SummedCount(24, false), line!.Yes);
        Assert.Equal(new SummedCount(6, true), line.No);
        Assert.Equal(2, await scope.ServiceProvider.GetRequiredService<CmsDbContext>().FeedbackComments.CountAsync());
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string? key, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/feedback") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        }
        return client.SendAsync(request);
    }
}
