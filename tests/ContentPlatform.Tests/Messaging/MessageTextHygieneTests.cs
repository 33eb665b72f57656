using System.Net;
using System.Net.Http.Json;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;

namespace ContentPlatform.Tests.Messaging;

/// <summary>Messages go through the one text rule (TextInput) by the API, the form and the hub alike.</summary>
public sealed class MessageTextHygieneTests
{
    [Theory]
    [InlineData("nb", "Skriv en melding før du sender.")]
    [InlineData("nn", "Skriv ei melding før du sender.")]
    public async Task A_message_of_only_zero_width_characters_is_refused_with_a_localized_reason_by_the_API_and_the_hub(string language, string reason)
    {
        await using var world = await MessagingWorld.CreateAsync(Db.Sqlite);
        using var patient = await world.PatientAsync(language);
        var token = await patient.TokenAsync($"/my/messages/{world.EnrollmentId}");
        const string invisible = "\u200B \u200C\u200D\u2060\uFEFF\u202E";

        var api = await patient.PostJsonAsync($"/api/messages/{world.EnrollmentId}", new { body = invisible, clientId = Guid.NewGuid() }, token);
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Equal(reason, (await api.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>())!.Detail);

        await using var hub = await patient.CareHubAsync();
        var error = await Assert.ThrowsAsync<HubException>(() => hub.SendAsync(world.EnrollmentId, invisible));
        Assert.Contains(reason, error.Message);
        Assert.Empty(await world.StoredAsync());
    }

    [Fact]
    public async Task Bidi_overrides_and_control_characters_are_removed_from_messages_and_line_breaks_and_tabs_stay()
    {
        await using var world = await MessagingWorld.CreateAsync(Db.Sqlite);
        using var patient = await world.PatientAsync();
        var token = await patient.TokenAsync($"/my/messages/{world.EnrollmentId}");

        var api = await patient.PostJsonAsync($"/api/messages/{world.EnrollmentId}",
            new { body = "Hei\u202E på\u0000 deg\r\n\tlinje to\u2066", clientId = Guid.NewGuid() }, token);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        await using var hub = await patient.CareHubAsync();
        var viaHub = await hub.SendAsync(world.EnrollmentId, "\u2067Fra\u0007 huben\u2069");

        Assert.Equal("Fra huben", viaHub.Body);
        Assert.Equal(["Hei på deg\n\tlinje to", "Fra huben"], (await world.StoredAsync()).Select(m => m.Body));
    }
}
