using System.Net;
using System.Text.Json;
using ContentPlatform.Cms.Feedback;
using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Feedback;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ContentPlatform.Tests.Infrastructure.PatientPages;

namespace ContentPlatform.Tests.Feedback;

/// <summary>Delivery → Cms: what crosses is counts of at least k and forwarded comments, nothing that names a patient.</summary>
public sealed class FeedbackReportTests
{
    private const string ApiKey = "delivery-feedback-key-0123456789abcdefgh";

    [Fact]
    public async Task The_report_sent_to_the_Cms_has_no_user_ids_no_unforwarded_comment_and_no_count_below_k()
    {
        await using var cms = (await Apps.CmsAsync(Db.Sqlite, new Dictionary<string, string?>
        {
            ["ContentApi:Keys:0:Name"] = "trust-a", ["ContentApi:Keys:0:Key"] = ApiKey,
        })).UseRealServer();
        var bodies = new List<string>();
        await using var delivery = new CapturingDelivery(await TestDatabase.CreateAsync(Db.Sqlite, "delivery"), bodies, new Dictionary<string, string?>
        {
            ["Cms:BaseUrl"] = cms.ClientOptions.BaseAddress.ToString(), ["Cms:ApiKey"] = ApiKey, ["Cms:PollInterval"] = "01:00:00",
            ["Analytics:MinCellSize"] = "3",
        });
        await delivery.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (anne, enrollment) = await delivery.Services.EnrolledPatientAsync("anne@example.no");
        var pageA = SamplePrograms.PageA(1);
        var pageB = SamplePrograms.PageB(1);
        var others = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToList();
        await delivery.DbAsync(async d =>
        {
            d.PageFeedback.AddRange(
                Row(enrollment, pageA, true, "Hemmelig kommentar fra Anne Hansen på Lillehammer"),
                Row(others[0], pageA, true), Row(others[1], pageA, true), Row(others[2], pageA, false), // 3 yes, 1 no
                Row(others[3], pageB, true)); // 1 yes
            await d.SaveChangesAsync();
        });

        // The clinic admin reads the comment (no name shown) and forwards an edited copy, confirming it identifies no one.
        await delivery.Services.CreateUserAsync("ada@example.no", "Ada Admin", DeliveryRoles.ClinicAdmin);
        var admin = await delivery.SignedInClientAsync("ada@example.no");
        var list = await admin.GetStringAsync("/admin/feedback");
        Assert.Contains("Hemmelig kommentar", list);
        Assert.DoesNotContain("Anne", list.Replace("Hemmelig kommentar fra Anne", "", StringComparison.Ordinal));
        var id = await delivery.DbAsync(d => d.PageFeedback.Where(f => f.Comment != null).Select(f => f.Id).SingleAsync());
        var token = await admin.AntiforgeryTokenAsync($"/admin/feedback?forward={id}");
        var unconfirmed = await admin.PostFormAsync("/admin/feedback?handler=Forward", ("__RequestVerificationToken", token), ("id", $"{id}"),
            ("text", "Kommentar uten navn"));
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        var forwarded = await admin.PostFormAsync("/admin/feedback?handler=Forward", ("__RequestVerificationToken", token), ("id", $"{id}"),
            ("text", "Kommentar uten navn"), ("confirmed", "true"));
        Assert.Equal(HttpStatusCode.Redirect, forwarded.StatusCode);

        bodies.Clear(); // forwarding pushes at once; the push asserted below is the one we start
        Assert.True(await delivery.Services.GetRequiredService<FeedbackPush>().PushAsync(CancellationToken.None));
        var body = bodies.Last();

        Assert.DoesNotContain("Hemmelig", body);
        Assert.Contains("Kommentar uten navn", body);
        foreach (var secret in others.Append(enrollment).Select(g => g.ToString()).Append(anne.Id))
        {
            Assert.DoesNotContain(secret, body);
        }
        using var json = JsonDocument.Parse(body);
        Assert.Equal(3, json.RootElement.GetProperty("minCellSize").GetInt32());
        Assert.DoesNotContain(Counts(json.RootElement), n => n is > 0 and < 3);

        // The Cms took it and shows the counts beside the page: 3 yes, the single "no" hidden.
        await using var scope = cms.Services.CreateAsyncScope();
        var summaries = scope.ServiceProvider.GetRequiredService<FeedbackSummaries>();
        var line = await summaries.LatestForPageAsync(SamplePrograms.GuidedId, pageA, CancellationToken.None);
        Assert.Equal(new SummedCount(3, false), line!.Yes);
        Assert.True(line.No.OnlyHidden);
        Assert.Equal("Kommentar uten navn", Assert.Single(await summaries.ForwardedAsync(SamplePrograms.GuidedId, CancellationToken.None)).Text);
    }

    [Fact]
    public async Task Only_a_clinic_admin_reads_or_forwards_patients_comments()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (therapist, _, enrollment) = await app.Services.CareTeamAsync();
        await app.DbAsync(async d =>
        {
            d.PageFeedback.Add(Row(enrollment, SamplePrograms.PageA(1), true, "Pasientens kommentar"));
            await d.SaveChangesAsync();
        });
        var id = await app.DbAsync(d => d.PageFeedback.Select(f => f.Id).SingleAsync());
        foreach (var email in new[] { "anne@example.no", therapist.Email! })
        {
            var client = await app.SignedInClientAsync(email);
            var page = await client.GetAsync("/admin/feedback");
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.Equal("/account/denied", page.Headers.Location!.AbsolutePath);
            var token = await client.AntiforgeryTokenAsync("/account/security");
            var post = await client.PostFormAsync("/admin/feedback?handler=Forward", ("__RequestVerificationToken", token), ("id", $"{id}"),
                ("text", "x"), ("confirmed", "true"));
            Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
            Assert.Equal("/account/denied", post.Headers.Location!.AbsolutePath);
        }
        Assert.Equal(0, await app.DbAsync(d => d.ForwardedComments.CountAsync()));
    }

    private static PageFeedback Row(Guid enrollment, string pageId, bool useful, string? comment = null) => new()
    {
        EnrollmentId = enrollment, ProgramId = SamplePrograms.GuidedId, Release = 1, ModuleId = SamplePrograms.ModuleId(1), PageId = pageId,
        Useful = useful, Comment = comment, At = DateTimeOffset.UtcNow,
    };

    /// <summary>Every count in the report (page counts, respondents, option counts).</summary>
    private static IEnumerable<int> Counts(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name is "yes" or "no" or "comments" or "respondents" or "count" && property.Value.ValueKind == JsonValueKind.Number)
                {
                    yield return property.Value.GetInt32();
                }
                foreach (var n in Counts(property.Value))
                {
                    yield return n;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var n in element.EnumerateArray().SelectMany(Counts))
            {
                yield return n;
            }
        }
    }

    private sealed class CapturingDelivery(TestDatabase database, List<string> bodies, IDictionary<string, string?> settings)
        : AppFactory<DeliveryApp>(database, settings)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // A new handler instance per pipeline (the factory disposes them); each records into the test's list.
            builder.ConfigureTestServices(s => s.AddHttpClient(CmsSync.HttpClientName).AddHttpMessageHandler(() => new Recorder(bodies)));
        }
    }

    /// <summary>Records what Delivery sends to the Cms, then lets it through to the real Cms.</summary>
    private sealed class Recorder(List<string> bodies) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Post && request.Content is not null)
            {
                var body = await request.Content.ReadAsStringAsync(cancellationToken);
                lock (bodies)
                {
                    bodies.Add(body);
                }
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
