using System.Net;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Tests.Infrastructure;
using ContentPlatform.Tests.Messaging;

namespace ContentPlatform.Tests.Revocation;

/// <summary>Staff who signed in with only a password (not yet enrolled) get nothing from any staff API or the care hub.</summary>
public sealed class SecondFactorDenialTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Staff_without_a_second_factor_get_403_from_every_staff_api_and_cannot_open_the_care_hub(Db db)
    {
        await using var world = await MessagingWorld.CreateAsync(db);
        await world.App.Services.CreateUserAsync("ada@example.no", "Ada Analytiker", DeliveryRoles.Analyst);
        foreach (var email in new[] { MessagingWorld.TherapistEmail, "ada@example.no" })
        {
            await world.App.Services.ChangeUserAsync(email, (users, user) => users.SetTwoFactorEnabledAsync(user, false));
        }
        using var tone = await HubSessions.SignInRealAsync(world.App.ClientOptions.BaseAddress, MessagingWorld.TherapistEmail);
        using var ada = await HubSessions.SignInRealAsync(world.App.ClientOptions.BaseAddress, "ada@example.no");

        Assert.Equal(HttpStatusCode.Forbidden, (await tone.Http.GetAsync("/api/messages/unread")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await tone.Http.GetAsync($"/api/messages/{world.EnrollmentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await tone.PostJsonAsync($"/api/messages/{world.EnrollmentId}/read", new { upTo = 1 }, token: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await tone.Http.PostAsync($"/api/staff/enrollments/{world.EnrollmentId}/modules/m1/open", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ada.Http.GetAsync("/api/analytics/indicators")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ada.Http.GetAsync("/api/messages/unread")).StatusCode);
        // Signed in, but not far enough: forbidden (403), not "who are you" (401).
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<HubRefusedException>(() => tone.CareHubAsync())).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<HubRefusedException>(() => ada.CareHubAsync())).Status);

        // The patient, who needs no second factor, is still served.
        using var anne = await world.PatientAsync();
        Assert.Equal(HttpStatusCode.OK, (await anne.Http.GetAsync("/api/messages/unread")).StatusCode);
        await (await anne.CareHubAsync()).DisposeAsync();
    }
}
