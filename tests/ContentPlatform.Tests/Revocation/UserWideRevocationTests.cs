using System.Net;
using System.Text.RegularExpressions;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Tests.Infrastructure;
using ContentPlatform.Tests.Messaging;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Revocation;

/// <summary>
/// Every change that takes a user's access away closes their live connections at once, and the cookie they hold cannot
/// open a new one or read anything — though it is inside the 30-minute stamp interval and its ticket may be cached.
/// </summary>
public sealed partial class UserWideRevocationTests
{
    public static TheoryData<string> Ways => ["lock", "demote", "second-factor-reset", "sign-out-elsewhere"];

    [Theory, MemberData(nameof(Ways))]
    public async Task Taking_a_therapists_access_away_closes_her_hub_connection_and_her_old_cookie_gets_nothing(string way)
    {
        await using var world = await MessagingWorld.CreateAsync(Db.Sqlite);
        using var tone = await world.TherapistAsync();
        // Reconnecting by itself, as the pages' client does.
        await using var hub = await tone.CareHubAsync(new RetryAtOnce(2));
        await hub.JoinAsync(world.EnrollmentId);
        Assert.Equal(HttpStatusCode.OK, (await tone.Http.GetAsync("/api/messages/unread")).StatusCode); // the ticket is now cached

        await world.App.Services.ChangeUserAsync(MessagingWorld.TherapistEmail, way switch
        {
            "lock" => (users, user) => users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue),
            "demote" => (users, user) => users.RemoveFromRoleAsync(user, DeliveryRoles.Therapist),
            "second-factor-reset" => (users, user) => users.SetTwoFactorEnabledAsync(user, false),
            _ => (users, user) => users.UpdateSecurityStampAsync(user),
        });

        await hub.ClosedByServerAsync();
        // A clean close by the server (no error), which tells the client not to come back: it makes no attempt to.
        Assert.Null(await hub.Closed);
        Assert.Empty(hub.Refusals);
        await tone.CannotReconnectAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await tone.Http.GetAsync("/api/messages/unread")).StatusCode);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_password_reset_closes_the_patients_live_connection_and_the_old_cookie_cannot_reconnect(Db db)
    {
        await using var world = await MessagingWorld.CreateAsync(db);
        using var anne = await world.PatientAsync();
        await using var hub = await anne.CareHubAsync();
        await hub.JoinAsync(world.EnrollmentId);
        using var tone = await world.TherapistAsync();
        var url = $"/staff/patients/{world.EnrollmentId}";
        var created = await tone.Http.PostFormAsync($"{url}?handler=ResetLink", ("__RequestVerificationToken", await tone.Http.AntiforgeryTokenAsync(url)));
        var link = new Uri(WebUtility.HtmlDecode(LinkPattern().Match(await created.Content.ReadAsStringAsync()).Groups[1].Value)).PathAndQuery;

        // Someone (Anne on another device, with the link) chooses a new password.
        using var other = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = world.App.ClientOptions.BaseAddress };
        var resetPage = await other.GetStringAsync(link);
        var done = await other.PostFormAsync("/account/reset", [.. HiddenPattern().Matches(resetPage)
            .Select(m => (m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value))),
            ("__RequestVerificationToken", await other.AntiforgeryTokenAsync(link)), ("password", "a brand new passphrase")]);
        Assert.Contains("Passordet er endret.", await done.Content.ReadAsStringAsync());

        await hub.ClosedByServerAsync();
        await anne.CannotReconnectAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anne.Http.GetAsync($"/api/messages/{world.EnrollmentId}")).StatusCode);
    }

    [Fact]
    public async Task The_hub_checks_the_security_stamp_when_a_connection_opens_even_if_no_instance_heard_of_the_change()
    {
        await using var world = await MessagingWorld.CreateAsync(Db.Sqlite);
        using var tone = await world.TherapistAsync();
        await (await tone.CareHubAsync()).DisposeAsync();

        // As if the stamp was renewed by an instance whose notice was lost, or before this one restarted.
        await using (var scope = world.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DeliveryDbContext>().Users.Where(u => u.Id == world.Therapist.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.SecurityStamp, Guid.NewGuid().ToString("N")));
        }

        // Nothing told this instance, so the cookie still signs Tone in (the 30-minute interval); the hub's stamp check
        // (CurrentSession) refuses her: 403.
        await tone.CannotReconnectAsync(HttpStatusCode.Forbidden);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Signing_out_on_other_devices_ends_their_sessions_and_connections_and_keeps_this_one(Db db)
    {
        await using var world = await MessagingWorld.CreateAsync(db);
        using var phone = await world.PatientAsync();
        await using var hub = await phone.CareHubAsync();
        await hub.JoinAsync(world.EnrollmentId);
        using var laptop = await world.PatientAsync("nn");

        var done = await laptop.Http.PostFormAsync("/account/security?handler=SignOutOthers",
            ("__RequestVerificationToken", await laptop.Http.AntiforgeryTokenAsync("/account/security")));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Contains("Du er logga ut på alle andre einingar.", await laptop.Http.GetStringAsync("/account/security"));

        await hub.ClosedByServerAsync();
        await phone.CannotReconnectAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.Http.GetAsync($"/api/messages/{world.EnrollmentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.Http.GetAsync($"/api/messages/{world.EnrollmentId}")).StatusCode);
        await (await laptop.CareHubAsync()).DisposeAsync(); // this device opens a live connection on its renewed cookie
    }

    [GeneratedRegex("<a id=\"reset-link\" href=\"([^\"]+)\"")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenPattern();
}
