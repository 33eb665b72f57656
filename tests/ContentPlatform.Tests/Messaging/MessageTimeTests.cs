using System.Net.Http.Json;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Messaging;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Messaging;

/// <summary>
/// A message's time reads in Norwegian time, the same on the rendered thread, in the live payload and in the catch-up
/// API, whatever zone the server or the browser runs in.
/// </summary>
public sealed class MessageTimeTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Stored_messages_from_winter_and_summer_show_Oslo_time_on_the_thread_page_and_in_the_api(Db db)
    {
        await using var world = await MessagingWorld.CreateAsync(db);
        using var patient = await world.PatientAsync();
        using var therapist = await world.TherapistAsync();
        await using var patientHub = await patient.CareHubAsync();
        var winter = await patientHub.SendAsync(world.EnrollmentId, "vinter");
        var summer = await patientHub.SendAsync(world.EnrollmentId, "sommer");
        await using (var scope = world.App.Services.CreateAsyncScope())
        {
            var data = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
            await data.Messages.Where(m => m.Id == winter.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, DateTimeOffset.Parse("2026-01-15T13:05:00Z")));
            await data.Messages.Where(m => m.Id == summer.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, DateTimeOffset.Parse("2026-07-15T12:05:00Z")));
        }

        var page = await therapist.Http.GetStringAsync($"/staff/messages/{world.EnrollmentId}");
        var api = await therapist.Http.GetFromJsonAsync<List<MessageView>>($"/api/messages/{world.EnrollmentId}");
        foreach (var m in api!)
        {
            Assert.Matches(@"^\d+\. \w+\.? (2026 )?14:05$", m.SentAtText);
            Assert.Contains($">{m.SentAtText}</time>", page);
        }
        Assert.DoesNotContain("13:05</time>", page);
        Assert.DoesNotContain("12:05</time>", page);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_message_that_arrives_live_carries_the_same_time_text_the_page_shows_after_a_reload(Db db)
    {
        await using var world = await MessagingWorld.CreateAsync(db);
        using var patient = await world.PatientAsync();
        using var therapist = await world.TherapistAsync("nn");
        await using var patientHub = await patient.CareHubAsync();
        await using var therapistHub = await therapist.CareHubAsync();
        await therapistHub.JoinAsync(world.EnrollmentId);

        await patientHub.SendAsync(world.EnrollmentId, "Hei!");
        var arrived = await therapistHub.NextMessageAsync();

        Assert.StartsWith("i dag ", arrived.SentAtText);
        var page = await therapist.Http.GetStringAsync($"/staff/messages/{world.EnrollmentId}");
        Assert.Contains($">{arrived.SentAtText}</time>", page);
    }
}
