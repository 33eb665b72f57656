using System.Diagnostics;
using System.Net;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Platform.Hosting;
using ContentPlatform.Tests.Delivery;
using ContentPlatform.Tests.Infrastructure;
using ContentPlatform.Tests.Messaging;

namespace ContentPlatform.Tests.Telemetry;

/// <summary>
/// Traces and metrics leave the trust for whoever runs the collector: nothing in them may say who a patient is or what
/// they wrote. A whole patient journey is scanned — every span name, attribute, event, link and status, every metric
/// name and label.
/// </summary>
[Collection(TelemetryRunsAlone.Name)]
public sealed class TelemetryPrivacyTests
{
    private const string Name = "Solveig Sporløs-Telemetri";
    private const string Email = "solveig.sporlos@example.no";
    private const string Answer = "Eg kjende meg redd på bussen i går";
    private const string MessageText = "Hjarteklapp igjen i natt, kan vi snakke?";

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_patients_journey_leaves_no_name_address_answer_or_message_in_traces_or_metrics(Db db)
    {
        await using var app = (TracedDelivery)(await TracedDelivery.CreateAsync(db)).UseRealServer();
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (_, _, enrollmentId) = await app.Services.CareTeamAsync("tove.terapeut@example.no", "Tove Terapeut", Email, Name);

        using var patient = await app.SignInRealAsync(Email);                                   // sign in
        var page = DeliveryKit.PageUrl(enrollmentId, 1);
        var token = await PatientPages.PageTokenAsync(patient.Http, page);               // read a module
        var saved = await PatientPages.AutosaveAsync(patient.Http, enrollmentId, token, SamplePrograms.ExerciseId(1), Answer);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);                                       // answer
        await using var hub = await patient.CareHubAsync();
        await hub.SendAsync(enrollmentId, MessageText);                                          // send a message

        var spans = await app.SpansWhenAsync(s =>
            s.Any(a => (string?)a.GetTagItem("rpc.method") == "Send") && s.Any(a => a.DisplayName == "message fan-out")
            && s.Any(a => (string?)a.GetTagItem("url.path") == $"/api/my/enrollments/{enrollmentId}/answers"));
        // Not a scan of nothing: each step was traced, with its database commands.
        Assert.Contains(spans, a => (string?)a.GetTagItem("url.path") == "/account/login" && a.GetTagItem("http.request.method") as string == "POST");
        Assert.Contains(spans, a => (string?)a.GetTagItem("url.path") == page);
        Assert.Contains(spans, a => a.IsDatabase() && a.DisplayName is "UPDATE" or "INSERT");
        var metrics = app.Metrics();
        Assert.Contains(metrics, m => m.Name == "contentplatform.messages.stored");
        Assert.Contains(metrics, m => m.Name == "http.server.request.duration");

        string[] secrets = [Name, "Solveig", "Sporløs", Email, Email.ToUpperInvariant(), Answer, MessageText, "Hjarteklapp", DeliveryKit.Password];
        var texts = spans.SelectMany(SpanTexts).Concat(metrics.SelectMany(MetricTexts)).ToList();
        foreach (var secret in secrets)
        {
            var leak = texts.FirstOrDefault(t => t.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.True(leak is null, $"'{secret}' appears in telemetry: {leak}");
        }
    }

    private static IEnumerable<string> SpanTexts(Activity span)
    {
        yield return $"span {span.DisplayName} / {span.OperationName} / {span.StatusDescription}";
        foreach (var tag in span.TagObjects)
        {
            yield return $"{span.DisplayName}: {tag.Key}={tag.Value}";
        }
        foreach (var e in span.Events)
        {
            yield return $"{span.DisplayName} event {e.Name}";
            foreach (var tag in e.Tags)
            {
                yield return $"{span.DisplayName} event {e.Name}: {tag.Key}={tag.Value}";
            }
        }
        foreach (var tag in span.Links.SelectMany(l => l.Tags ?? []))
        {
            yield return $"{span.DisplayName} link: {tag.Key}={tag.Value}";
        }
        foreach (var item in span.Baggage)
        {
            yield return $"{span.DisplayName} baggage: {item.Key}={item.Value}";
        }
    }

    private static IEnumerable<string> MetricTexts(OpenTelemetry.Metrics.MetricSnapshot metric)
    {
        yield return $"metric {metric.Name} {metric.Description}";
        foreach (var point in metric.MetricPoints)
        {
            foreach (var tag in point.Tags)
            {
                yield return $"metric {metric.Name}: {tag.Key}={tag.Value}";
            }
        }
    }
}
