using System.Net;
using System.Net.Http.Json;
using ContentPlatform.Delivery.Messaging;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;

namespace ContentPlatform.Tests.Messaging;

/// <summary>Messages are stored, then delivered live through the real hub, and caught up after any gap — never twice.</summary>
public sealed class MessageDeliveryTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_patients_message_is_stored_and_arrives_live_at_the_therapist_and_the_reply_arrives_live_at_the_patient(Db db)
    {
        await using var world = await MessagingWorld.CreateAsync(db);
        using var patient = await world.PatientAsync();
        using var therapist = await world.TherapistAsync();
        await using var patientHub = await patient.CareHubAsync();
        await using var therapistHub = await therapist.CareHubAsync();
        Assert.Empty(await therapistHub.JoinAsync(world.EnrollmentId));
        await patientHub.JoinAsync(world.EnrollmentId);

        var sent = await patientHub.SendAsync(world.EnrollmentId, "  Hei! Jeg fikk det til i dag.\nTo linjer.  ");
        var arrived = await therapistHub.NextMessageAsync();
        Assert.Equal(sent.Id, arrived.Id);
        Assert.Equal("Hei! Jeg fikk det til i dag.\nTo linjer.", arrived.Body); // trimmed, line break kept
        Assert.True(arrived.FromPatient);
        Assert.Equal("Anne Askeladd", arrived.SenderName);
        var caseload = await therapistHub.NextAsync<ThreadChanged>("thread"); // the staff group hears of it too (caseload updates)
        Assert.Equal(world.EnrollmentId, caseload.EnrollmentId);
        Assert.Equal(sent.Id, Assert.Single(await world.StoredAsync()).Id);

        var reply = await therapistHub.SendAsync(world.EnrollmentId, "Så bra, Anne!");
        var received = await patientHub.NextMessageAsync(m => !m.FromPatient);
        Assert.Equal(reply.Id, received.Id);
        Assert.Equal("Tone Terapeut", received.SenderName);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task After_a_reconnect_the_missed_messages_are_caught_up_in_order_and_a_resend_is_not_stored_twice(Db db)
    {
        await using var world = await MessagingWorld.CreateAsync(db);
        using var patient = await world.PatientAsync();
        using var therapist = await world.TherapistAsync();
        await using var patientHub = await patient.CareHubAsync();
        var first = await patientHub.SendAsync(world.EnrollmentId, "første");
        // The thread page's client: it reconnects by itself and then joins again from the last message it has.
        await using var therapistHub = await therapist.CareHubAsync(new RetryAtOnce(3));
        var seen = await therapistHub.JoinAsync(world.EnrollmentId);
        Assert.Equal([first.Id], seen.Select(m => m.Id));
        therapistHub.CutNetwork(); // the therapist's connection drops; the client opens a new one at once

        var clientId = Guid.NewGuid();
        var second = await patientHub.SendAsync(world.EnrollmentId, "andre");
        var third = await patientHub.SendAsync(world.EnrollmentId, "tredje", clientId);
        var resent = await patientHub.SendAsync(world.EnrollmentId, "tredje", clientId); // the patient's browser retries
        Assert.Equal(third.Id, resent.Id);
        var fourth = await patientHub.SendAsync(world.EnrollmentId, "fjerde");

        await therapistHub.ReconnectedAsync(); // a new connection on the server, in no group until it joins again
        // The catch-up looks again a little below the id it is given (MessageService.CatchUpMargin); the client drops
        // what it has by id, so what it shows anew is exactly what it missed.
        var missed = (await therapistHub.JoinAsync(world.EnrollmentId, afterId: seen[^1].Id)).Where(m => m.Id > seen[^1].Id).ToList();
        Assert.Equal(["andre", "tredje", "fjerde"], missed.Select(m => m.Body));
        Assert.Equal([second.Id, third.Id, fourth.Id], missed.Select(m => m.Id));
        // The same catch-up over HTTP, as the page script does it.
        var overHttp = await therapist.Http.GetFromJsonAsync<List<MessageView>>($"/api/messages/{world.EnrollmentId}?after={first.Id}");
        Assert.Equal(missed.Select(m => m.Id), overHttp!.Where(m => m.Id > first.Id).Select(m => m.Id));
        Assert.Equal(["første", "andre", "tredje", "fjerde"], (await world.StoredAsync()).Select(m => m.Body));

        var live = await patientHub.SendAsync(world.EnrollmentId, "femte");
        Assert.Equal(live.Id, (await therapistHub.NextMessageAsync()).Id); // live again, and nothing missed came twice
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Messages_survive_a_server_restart_and_the_thread_continues_in_order(Db db)
    {
        var database = await TestDatabase.CreateAsync(db, "delivery");
        try
        {
            List<long> before;
            await using (var first = new AppFactory<ContentPlatform.Delivery.DeliveryApp>(database, ownsDatabase: false).UseRealServer())
            {
                var world = await MessagingWorld.CreateAsync(first);
                using var patient = await world.PatientAsync();
                await using var hub = await patient.CareHubAsync();
                before = [];
                foreach (var text in new[] { "en", "to", "tre" })
                {
                    before.Add((await hub.SendAsync(world.EnrollmentId, text)).Id);
                }
            }
            await using var second = new AppFactory<ContentPlatform.Delivery.DeliveryApp>(database, ownsDatabase: false).UseRealServer();
            using var therapist = await second.SignInRealAsync(MessagingWorld.TherapistEmail);
            using var patientAgain = await second.SignInRealAsync(MessagingWorld.PatientEmail);
            await using var therapistHub = await therapist.CareHubAsync();
            var enrollmentId = (await MessagingWorld.StoredAsync(second))[0].EnrollmentId;
            var thread = await therapistHub.JoinAsync(enrollmentId);
            Assert.Equal(before, thread.Select(m => m.Id));
            Assert.Equal(["en", "to", "tre"], thread.Select(m => m.Body));

            await using var patientHub = await patientAgain.CareHubAsync();
            var next = await patientHub.SendAsync(enrollmentId, "fire");
            Assert.True(next.Id > before[^1]);
            Assert.Equal(next.Id, (await therapistHub.NextMessageAsync()).Id);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Reading_marks_the_other_sides_messages_and_the_sender_sees_the_receipt_live(Db db)
    {
        await using var world = await MessagingWorld.CreateAsync(db);
        using var patient = await world.PatientAsync();
        using var therapist = await world.TherapistAsync();
        await using var therapistHub = await therapist.CareHubAsync();
        await therapistHub.JoinAsync(world.EnrollmentId);
        var sent = await therapistHub.SendAsync(world.EnrollmentId, "Hvordan gikk uka?");
        Assert.Equal([new UnreadCount(world.EnrollmentId, 1)], await patient.Http.GetFromJsonAsync<List<UnreadCount>>("/api/messages/unread"));
        Assert.Contains("class=\"badge\"", await patient.Http.GetStringAsync("/")); // the nav shows the count

        // Opening the thread page reads it; the therapist's connection hears the receipt.
        await patient.Http.GetStringAsync($"/my/messages/{world.EnrollmentId}");
        var receipt = await therapistHub.NextAsync<ReadReceipt>("read");
        Assert.Equal(sent.Id, receipt.UpTo);
        Assert.True(receipt.ByPatient);
        Assert.NotNull(Assert.Single(await world.StoredAsync()).ReadAt);
        Assert.Empty((await patient.Http.GetFromJsonAsync<List<UnreadCount>>("/api/messages/unread"))!);
        Assert.Contains(">Lest<", await therapist.Http.GetStringAsync($"/staff/messages/{world.EnrollmentId}"));
    }

    [Theory]
    [InlineData("nb", "Skriv en melding før du sender.", "Meldingen er for lang. Den kan ha høyst 4000 tegn.")]
    [InlineData("nn", "Skriv ei melding før du sender.", "Meldinga er for lang. Ho kan ha høgst 4000 teikn.")]
    public async Task Empty_or_too_long_messages_get_a_localized_error_everywhere_and_nothing_is_stored(string language, string empty, string tooLong)
    {
        await using var world = await MessagingWorld.CreateAsync(Db.Sqlite);
        using var patient = await world.PatientAsync(language);
        var page = $"/my/messages/{world.EnrollmentId}";
        var token = await patient.TokenAsync(page);
        var longText = new string('ø', Message.MaxLength + 1);

        foreach (var (body, expected) in new[] { ("   \n ", empty), (longText, tooLong) })
        {
            var api = await patient.PostJsonAsync($"/api/messages/{world.EnrollmentId}", new { body, clientId = Guid.NewGuid() }, token);
            Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
            Assert.Equal(expected, (await api.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>())!.Detail);

            var form = await patient.Http.PostFormAsync(page, ("Body", body), ("ClientId", Guid.NewGuid().ToString()), ("__RequestVerificationToken", token));
            Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
            Assert.Contains(expected, WebUtility.HtmlDecode(await form.Content.ReadAsStringAsync()));

            await using var hub = await patient.CareHubAsync();
            var error = await Assert.ThrowsAsync<HubException>(() => hub.SendAsync(world.EnrollmentId, body));
            Assert.Contains(expected, error.Message);
        }
        Assert.Empty(await world.StoredAsync());
    }

    [Fact]
    public async Task The_form_works_without_javascript_shows_text_encoded_and_a_double_post_stores_one_message()
    {
        await using var world = await MessagingWorld.CreateAsync(Db.Sqlite);
        using var patient = await world.PatientAsync();
        var page = $"/my/messages/{world.EnrollmentId}";
        var html = await patient.Http.GetStringAsync(page);
        Assert.Contains("Du får svar innen 3 dager.", html);
        var token = await patient.TokenAsync(page);
        var clientId = Guid.NewGuid().ToString();
        (string, string)[] form = [("Body", "<script>alert(1)</script>\nlinje to"), ("ClientId", clientId), ("__RequestVerificationToken", token)];
        var posted = await patient.Http.PostFormAsync(page, form);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await patient.Http.PostFormAsync(page, form)).StatusCode);
        Assert.Single(await world.StoredAsync());

        var shown = await patient.Http.GetStringAsync(page);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&#xA;linje to", shown); // encoded; the line break is kept (CSS pre-wrap)
        Assert.DoesNotContain("<script>alert(1)", shown);

        var noToken = await patient.Http.PostFormAsync(page, ("Body", "uten token"), ("ClientId", Guid.NewGuid().ToString()));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Single(await world.StoredAsync());
    }
}
