using System.Diagnostics;
using System.Net;
using ContentPlatform.Platform.Hosting;
using ContentPlatform.Tests.Infrastructure;
using ContentPlatform.Tests.Messaging;

namespace ContentPlatform.Tests.Telemetry;

/// <summary>What an operator sees in a trace: a page with its queries, a message from the hub call to the store and the fan-out.</summary>
[Collection(TelemetryRunsAlone.Name)]
public sealed class TraceShapeTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_module_page_request_is_one_trace_holding_its_database_commands(Db db)
    {
        await using var app = await TracedDelivery.CreateAsync(db);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (_, enrollmentId) = await app.Services.EnrolledPatientAsync("siri.spor@example.no");
        var client = await app.SignedInClientAsync("siri.spor@example.no");
        var url = DeliveryKit.PageUrl(enrollmentId, 1);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);

        var spans = await app.SpansWhenAsync(s => s.Any(a => IsServerSpanOf(a, url)));
        var request = Assert.Single(spans, a => IsServerSpanOf(a, url));
        Assert.Equal(default, request.ParentSpanId); // the root of its own trace
        var commands = spans.Where(a => a.IsDatabase() && a.TraceId == request.TraceId).ToList();
        Assert.NotEmpty(commands);
        Assert.All(commands, c => Assert.True(c.Under(request, spans), $"{c.DisplayName} is not inside the page request"));
        Assert.All(commands, c => Assert.Equal(db == Db.Sqlite ? "sqlite" : "postgresql", c.GetTagItem("db.system.name")));
        Assert.Contains(commands, c => c.DisplayName == "SELECT" && ((string?)c.GetTagItem("db.query.text"))?.Contains("FROM", StringComparison.Ordinal) == true);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_message_sent_over_the_hub_is_traced_from_the_hub_call_to_its_store_and_its_fan_out(Db db)
    {
        await using var world = await MessagingWorld.CreateAsync((await TracedDelivery.CreateAsync(db)).UseRealServer());
        var app = (TracedDelivery)world.App;
        using var patient = await world.PatientAsync();
        await using var hub = await patient.CareHubAsync();

        await hub.SendAsync(world.EnrollmentId, "Sporet melding");

        var spans = await app.SpansWhenAsync(s => s.Any(a => a.DisplayName == "message fan-out") && s.Any(IsSendCall));
        var send = Assert.Single(spans, IsSendCall);
        var store = Assert.Single(spans, a => a.DisplayName == "message store");
        var fanOut = Assert.Single(spans, a => a.DisplayName == "message fan-out");
        Assert.True(store.Under(send, spans), "the store is not inside the hub call");
        Assert.True(fanOut.Under(send, spans), "the fan-out is not inside the hub call");
        Assert.True(store.StartTimeUtc + store.Duration <= fanOut.StartTimeUtc, "delivered before it was stored");
        // The INSERT: inside the store span (PostgreSQL), or in the single SQLite writer's batch, which links to it.
        var insert = Assert.Single(spans, a => a.IsDatabase() && a.DisplayName == (db == Db.Sqlite ? "INSERT" : "WITH")
            && ((string?)a.GetTagItem("db.query.text"))!.Contains("\"Messages\"", StringComparison.Ordinal));
        if (db == Db.Sqlite)
        {
            var batch = Assert.Single(spans, a => a.DisplayName == "message write batch");
            Assert.True(insert.Under(batch, spans));
            Assert.Contains(batch.Links, l => l.Context.SpanId == store.SpanId && l.Context.TraceId == store.TraceId);
        }
        else
        {
            Assert.True(insert.Under(store, spans), "the INSERT is not inside the store span");
        }
    }

    private static bool IsServerSpanOf(Activity a, string path) =>
        a.Kind == ActivityKind.Server && a.Source.Name == "Microsoft.AspNetCore" && (string?)a.GetTagItem("url.path") == path;

    private static bool IsSendCall(Activity a) =>
        a.Source.Name == PlatformTelemetry.HubSource && (string?)a.GetTagItem("rpc.method") == "Send";
}
